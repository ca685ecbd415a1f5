/** Every IAM action Cairn answers, by its AWS name. */
import { ACCESS_KEY_OPERATIONS } from './access-keys.js';
import type { IamOperation } from './iam-operation.js';
import { USER_OPERATIONS } from './users.js';

export const IAM_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  ...USER_OPERATIONS,
  ...ACCESS_KEY_OPERATIONS,
};
