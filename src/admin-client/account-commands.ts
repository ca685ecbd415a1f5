/**
 * `cairn admin account create|add NAME [--email E] [--access-key AK --secret-key SK]`, `account ls|list`, `account info ACCOUNT`,
 * `account rm|delete ACCOUNT` (ACCOUNT: the 12-digit id or the name). `create` prints the
 * account's root key pair once (generated unless given): it cannot be shown again.
 */
import type { AccountCreatedDocument, AccountDoc, AccountListDocument, AccountRemovedDocument } from '../admin/wire-types.js';
import { UsageError } from './admin-args.js';
import { callAdmin, type AdminConnection } from './admin-http.js';

export type AccountCommand = 'account-create' | 'account-list' | 'account-info' | 'account-remove';

export interface AccountArgs {
  readonly command: AccountCommand;
  /** create: the name; info, remove: id or name. */
  readonly account?: string;
}

const USAGE = 'usage: cairn admin account create NAME [--email E] [--access-key AK --secret-key SK] | ls | info ACCOUNT | rm ACCOUNT';

/** `account ...` words (after the flags were taken out). */
export function accountArgs(words: readonly string[]): AccountArgs {
  const [, sub, name, ...rest] = words;
  if (rest.length > 0) throw new UsageError(USAGE);
  if (sub === 'ls' || sub === 'list') {
    if (name !== undefined) throw new UsageError(USAGE);
    return { command: 'account-list' };
  }
  if (name === undefined) throw new UsageError(USAGE);
  if (sub === 'create' || sub === 'add') return { command: 'account-create', account: name };
  if (sub === 'info') return { command: 'account-info', account: name };
  if (sub === 'rm' || sub === 'delete' || sub === 'remove') return { command: 'account-remove', account: name };
  throw new UsageError(USAGE);
}

function line(a: AccountDoc): string {
  return `${a.accountId}  ${a.name}${a.email !== undefined ? `  <${a.email}>` : ''}\n`;
}

function details(a: AccountDoc): string {
  return `Account:      ${a.accountId}\nName:         ${a.name}\nCanonical id: ${a.canonicalUserId}\n`
    + `${a.email !== undefined ? `E-mail:       ${a.email}\n` : ''}Created:      ${a.createDate}\n`;
}

export interface AccountCommandIo {
  readonly out: (text: string) => void;
  readonly json: boolean;
}

export interface AccountCreateOptions {
  readonly email?: string;
  readonly rootKey?: { readonly accessKey: string; readonly secretKey: string };
}

export async function runAccountCommand(conn: AdminConnection, args: AccountArgs & AccountCreateOptions, io: AccountCommandIo): Promise<number> {
  const print = (doc: unknown, text: string): void => io.out(io.json ? `${JSON.stringify(doc, null, 2)}\n` : text);
  const account = args.account ?? '';
  switch (args.command) {
    case 'account-create': {
      const body = {
        name: account, ...(args.email !== undefined ? { email: args.email } : {}),
        ...(args.rootKey !== undefined ? { accessKey: args.rootKey.accessKey, secretKey: args.rootKey.secretKey } : {}),
      };
      const doc = await callAdmin(conn, { method: 'PUT', path: '/minio/admin/v3/cairn/add-account', body }) as AccountCreatedDocument;
      print(doc, `${details(doc)}Root access key: ${doc.accessKey}\nRoot secret key: ${doc.secretKey}\n`
        + 'Keep the secret key now: it is not shown again.\n');
      return 0;
    }
    case 'account-list': {
      const doc = await callAdmin(conn, { method: 'GET', path: '/minio/admin/v3/cairn/list-accounts' }) as AccountListDocument;
      print(doc, doc.accounts.map(line).join(''));
      return 0;
    }
    case 'account-info': {
      const doc = await callAdmin(conn, { method: 'GET', path: '/minio/admin/v3/cairn/account-info', query: { account } }) as AccountDoc;
      print(doc, details(doc));
      return 0;
    }
    case 'account-remove': {
      const doc = await callAdmin(conn, { method: 'DELETE', path: '/minio/admin/v3/cairn/remove-account', query: { account } }) as AccountRemovedDocument;
      print(doc, `Account ${doc.removed} removed\n`);
      return 0;
    }
  }
}
