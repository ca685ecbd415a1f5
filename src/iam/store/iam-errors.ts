/**
 * Errors of the IAM domain, carrying AWS IAM's error code and HTTP status. The IAM API renders
 * them as AWS's `<ErrorResponse>`; the admin API maps them to its JSON errors. AWS's messages
 * (as the IAM API Reference and real IAM answer) are built by the helpers below.
 */
import { CairnError } from '../../errors/domain-errors.js';

export const IAM_ERROR_STATUS = {
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  LimitExceeded: 409,
  DeleteConflict: 409,
  MalformedPolicyDocument: 400,
  ValidationError: 400,
  InvalidInput: 400,
  AccessDenied: 403,
  InvalidAction: 400,
  MissingAction: 400,
  InvalidClientTokenId: 403,
  ExpiredToken: 403,
  SignatureDoesNotMatch: 403,
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  RequestExpired: 400,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  NotImplemented: 501,
  ServiceFailure: 500,
} as const;

export type IamErrorCode = keyof typeof IAM_ERROR_STATUS;

export class IamError extends CairnError {
  readonly code = 'ERR_IAM';
  readonly iamCode: IamErrorCode;
  readonly status: number;
  constructor(iamCode: IamErrorCode, message: string) {
    super(message);
    this.iamCode = iamCode;
    this.status = IAM_ERROR_STATUS[iamCode];
  }
}

export function isIamError(err: unknown): err is IamError {
  return err instanceof IamError;
}

export type EntityKind = 'user' | 'group' | 'role' | 'policy' | 'access key' | 'account';

const KIND_WORD: Record<EntityKind, string> = {
  user: 'user', group: 'group', role: 'role', policy: 'policy', 'access key': 'Access Key', account: 'account',
};

/** `The user with name alice cannot be found.` (AWS's words). */
export function noSuchEntity(kind: EntityKind, name: string): IamError {
  if (kind === 'policy') return new IamError('NoSuchEntity', `Policy ${name} does not exist or is not attachable.`);
  if (kind === 'access key') return new IamError('NoSuchEntity', `The Access Key with id ${name} cannot be found.`);
  return new IamError('NoSuchEntity', `The ${KIND_WORD[kind]} with name ${name} cannot be found.`);
}

/** `User with name alice already exists.` */
export function alreadyExists(kind: EntityKind, name: string): IamError {
  const word = KIND_WORD[kind];
  return new IamError('EntityAlreadyExists', `${word[0]!.toUpperCase()}${word.slice(1)} with name ${name} already exists.`);
}
