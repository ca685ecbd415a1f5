export { route, resolveAddress, hostName, bucketFromHost, type Address, type Route, type RouteInput, type RouterOptions } from './route.js';
export { ROUTE_RULES, HTTP_METHODS, type RouteRule, type HttpMethod } from './route-table.js';
