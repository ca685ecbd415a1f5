/**
 * The handler of every operation Cairn routes but does not implement yet: an explicit
 * 501 NotImplemented naming the operation, as AWS answers for unsupported features.
 */
import { S3Error } from '../../errors/s3-error.js';
import type { Handler } from './handler.js';

export const notImplemented: Handler = async (req) => {
  throw new S3Error('NotImplemented', { message: `${req.op} is not implemented by this server.` });
};
