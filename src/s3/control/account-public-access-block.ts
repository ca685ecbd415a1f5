/**
 * The account-level Block Public Access operations of S3 Control (Amazon S3 Control API
 * Reference: PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock), on
 * `/v20180820/configuration/publicAccessBlock` with the account in `x-amz-account-id`:
 * - PUT: a PublicAccessBlockConfiguration body (a flag left out is false); 200, empty body.
 * - GET: the flags, or 404 NoSuchPublicAccessBlockConfiguration when none are set.
 * - DELETE: removes them; 200, empty body.
 * The flags live in the account's IAM document (the system bucket), and count together with
 * every bucket's own (common/public-access-block.ts, `mergePublicAccessBlocks`).
 */
import { S3Error } from '../../errors/s3-error.js';
import type { AccountInfo, PublicAccessBlockFlags } from '../../iam/caller.js';
import type { IamStore } from '../../iam/store/index.js';
import { parsePublicAccessBlock, publicAccessBlockXml } from '../handlers/common/public-access-block.js';

export const S3_CONTROL_XMLNS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
export const PUBLIC_ACCESS_BLOCK_PATH = '/v20180820/configuration/publicAccessBlock';

export type AccountPabOperation = 'PutPublicAccessBlock' | 'GetPublicAccessBlock' | 'DeletePublicAccessBlock';

/** The operation and IAM action of a method on the publicAccessBlock resource. */
export const ACCOUNT_PAB_METHODS: Readonly<Record<string, { readonly op: AccountPabOperation; readonly action: string }>> = {
  PUT: { op: 'PutPublicAccessBlock', action: 's3:PutAccountPublicAccessBlock' },
  GET: { op: 'GetPublicAccessBlock', action: 's3:GetAccountPublicAccessBlock' },
  // AWS: DeletePublicAccessBlock needs s3:PutAccountPublicAccessBlock.
  DELETE: { op: 'DeletePublicAccessBlock', action: 's3:PutAccountPublicAccessBlock' },
};

export interface ControlAnswer {
  readonly status: number;
  readonly body?: string;
}

export interface AccountPabDeps {
  readonly store: Pick<IamStore, 'mutate'>;
  readonly account: (id: string) => AccountInfo | undefined;
}

export async function runAccountPabOperation(
  op: AccountPabOperation, accountId: string, body: Buffer, deps: AccountPabDeps,
): Promise<ControlAnswer> {
  switch (op) {
    case 'PutPublicAccessBlock': {
      if (body.length === 0) throw new S3Error('MissingRequestBodyError');
      const flags: PublicAccessBlockFlags = parsePublicAccessBlock(body);
      await deps.store.mutate(accountId, (doc) => { doc.publicAccessBlock = { ...flags }; });
      return { status: 200 };
    }
    case 'GetPublicAccessBlock': {
      const flags = deps.account(accountId)?.publicAccessBlock;
      if (flags === undefined) throw new S3Error('NoSuchPublicAccessBlockConfiguration', { extra: { AccountId: accountId } });
      return { status: 200, body: publicAccessBlockXml(flags, S3_CONTROL_XMLNS) };
    }
    case 'DeletePublicAccessBlock':
      await deps.store.mutate(accountId, (doc) => { delete doc.publicAccessBlock; });
      return { status: 200 };
    default: {
      const never: never = op;
      throw new Error(`unknown S3 Control operation ${String(never)}`);
    }
  }
}
