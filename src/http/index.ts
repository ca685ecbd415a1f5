/** http/: the node:http listener of the S3 API. */
export { HttpServer, type HttpServerOptions } from './http-server.js';
export { answerClientError, type ClientErrorContext } from './client-error.js';
