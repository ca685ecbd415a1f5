export { route, hostName, bucketFromHost, type Route, type RouteInput, type RouterOptions } from './route.js';
export { ROUTE_RULES, HTTP_METHODS, type RouteRule, type HttpMethod } from './route-table.js';
