/**
 * STS errors as AWS answers them (`<ErrorResponse><Error><Type/><Code/><Message/></Error>`):
 * the code, its HTTP status and whether the caller (Sender) or the service (Receiver) is at
 * fault. Every refusal says why in its message; no message carries a secret.
 */
export type StsErrorCode =
  | 'AccessDenied' | 'ExpiredToken' | 'ExpiredTokenException' | 'IDPCommunicationError' | 'IDPRejectedClaim'
  | 'IncompleteSignature' | 'InvalidAction' | 'InvalidClientTokenId' | 'InvalidIdentityToken' | 'InvalidParameterValue'
  | 'MalformedPolicyDocument' | 'MissingAuthenticationToken' | 'PackedPolicyTooLarge' | 'SignatureDoesNotMatch'
  | 'ValidationError' | 'InternalFailure' | 'MissingParameter' | 'InvalidParameterCombination';

const STATUS: Readonly<Record<StsErrorCode, number>> = {
  AccessDenied: 403,
  ExpiredToken: 403,
  ExpiredTokenException: 400,
  IDPCommunicationError: 400,
  IDPRejectedClaim: 403,
  IncompleteSignature: 400,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidIdentityToken: 400,
  InvalidParameterValue: 400,
  MalformedPolicyDocument: 400,
  MissingAuthenticationToken: 403,
  PackedPolicyTooLarge: 400,
  SignatureDoesNotMatch: 403,
  ValidationError: 400,
  InternalFailure: 500,
  MissingParameter: 400,
  InvalidParameterCombination: 400,
};

export class StsError extends Error {
  readonly status: number;
  constructor(readonly code: StsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StsError';
    this.status = STATUS[code];
  }
  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** AWS's wording for a parameter that breaks a constraint. */
export function validationError(value: string | undefined, field: string, constraint: string): StsError {
  const shown = value === undefined ? 'null' : `'${value.length > 256 ? `${value.slice(0, 256)}...` : value}'`;
  return new StsError('ValidationError', `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
}
