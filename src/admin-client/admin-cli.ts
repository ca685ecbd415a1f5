/**
 * `cairn admin`: the admin API from a terminal. Text for people by default, the API's JSON
 * document with --json. Exit codes: 0 done (heal status: healthy), 1 not healthy (heal status)
 * or a waited-for heal that left something unhealed, 2 any error (one line on stderr:
 * connection refused, the server's 403 message, an unknown command, ...).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type {
  BgHealStateDocument, BucketQuotaDocument, DataUsageInfoDocument, HealStartDocument, HealTaskStatusDocument, InfoDocument,
} from '../admin/wire-types.js';
import { DEFAULT_ENDPOINT, parseAdminArgs, resolveConnection, UsageError, type AdminArgs } from './admin-args.js';
import { AdminClientError, callAdmin, type AdminConnection } from './admin-http.js';
import { formatHealStarted, formatHealStatus, formatHealSummary } from './format-heal.js';
import { formatInfo } from './format-info.js';
import { scrapeConfig } from './format-prometheus.js';
import { AuditInputError, auditVerify } from './audit-verify.js';
import { formatNoQuota, formatQuota, formatUsage } from './format-usage.js';
import { kmsCommand } from './kms-commands.js';
import { runAccountCommand } from './account-commands.js';
import { runLdapPolicyCommand } from './ldap-policy-commands.js';
import { runIamCommand } from './iam-commands.js';

export interface AdminCliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard input (`audit verify -`); default process.stdin. */
  readonly stdin?: NodeJS.ReadableStream;
}

export const EXIT_OK = 0;
export const EXIT_NOT_HEALTHY = 1;
export const EXIT_ERROR = 2;

/** How often `heal --wait` asks for progress. */
const POLL_INTERVAL_MS = 500;

export const ADMIN_HELP = `Usage: cairn admin [--endpoint URL] [--region REGION] [--json] COMMAND

Commands:
  info                 the deployment: sets and drives (online, offline, healing; a
                       failing drive's last error and offline time), capacity, bucket
                       and object counts
  heal status          what is being healed and what is left; prints "healthy" and
                       exits 0 when every drive is whole and nothing is left to heal,
                       else lists what is not and exits 1
  heal [--deep] [--wait] [--force]
                       start one heal pass over every object and print its token
                       (normal: records, shard existence and size; --deep: every
                       bitrot checksum too); --wait polls until it ends and prints a
                       summary; --force stops a running pass first
  usage                bucket usage of the scanner's last complete pass: objects,
                       versions, delete markers and bytes per bucket
  bucket quota set BUCKET SIZE
                       set a hard quota (SIZE: 10MiB, 1.5GiB, 500MB, bytes); writes
                       that would take the bucket past it are refused
  bucket quota clear BUCKET
                       remove the bucket's quota
  bucket quota info BUCKET
                       print the bucket's quota ("no quota" when none is set)
  kms status           the KMS: backend, endpoint, default key, reachable, round trip,
                       version, what runs the SSE ciphers; exits 1 when the KMS cannot be reached
  kms key create NAME  create a key in the KMS (built-in: sealed by the master key and
                       stored in the system bucket; Vault/KES: created there)
  kms key status [NAME]
                       generate a data key with the key (default key without NAME) and
                       decrypt it back; exits 1 when either step fails
  kms key list [PATTERN]
                       the KMS's keys (PATTERN: a name, or a prefix ending in *)
  kms key rotate NAME  a new version of the key: new data keys use it, older versions
                       still decrypt (built-in created keys, Vault Transit; not KES,
                       which has no rotation, nor the CAIRN_KMS_SECRET_KEY master key)
  kms reseal [--bucket B] [--wait]
                       start (or continue) the background pass that re-seals every
                       SSE-S3/SSE-KMS object's data key with its key's newest version;
                       metadata only, data untouched; --wait: until it ends
  kms reseal status    the pass: state, counts, position; exits 1 when it failed
  account create NAME [--email E] [--access-key AK --secret-key SK]
                       create an account (tenant) and print its id, canonical user id
                       and root access key / secret key (generated unless given; shown
                       only this once); "account add" is the same
  account ls           list the accounts (id, name, e-mail)
  account info ACCOUNT the account (id or name): id, name, canonical user id, e-mail
  account rm ACCOUNT   remove an account and its IAM identities (refused while it
                       owns buckets; never the cluster account 000000000000)
  kms account set ACCOUNT KEY
                       make KEY the default key of the account (12 digits); the key
                       is then that account's alone
  kms account info ACCOUNT
                       the account's default key (or the deployment's)
  idp ldap policy attach POLICY... --user DN | --group DN
                       map policies to an LDAP user or group DN: AssumeRoleWithLDAPIdentity
                       gives a user the policies of its DN and of every group found for it
  idp ldap policy detach POLICY... --user DN | --group DN
                       remove policies from the DN's mapping (new sessions only)
  idp ldap policy entities [--user DN] [--group DN] [--policy P]
                       the mappings: all of them, or those of the DNs / policy given
  user add NAME [SECRET]
                       create IAM user NAME; with SECRET it also gets the access key
                       NAME / SECRET (as mc admin user add)
  user ls | user info NAME | user rm NAME | user enable NAME | user disable NAME
                       list, show, remove (with its keys) a user; a disabled user's
                       keys are refused (InvalidAccessKeyId)
  group add GROUP MEMBER...
                       add users to a group (created if needed)
  group rm GROUP [MEMBER...]
                       remove members; without members remove the (empty) group
  group ls | group info GROUP | group enable GROUP | group disable GROUP
                       a disabled group's policies do not apply to its members
  policy create NAME FILE
                       create a managed policy from a JSON file (an existing one
                       gets it as its new default version)
  policy ls | policy info NAME | policy rm NAME
  policy attach|detach POLICY... --user U | --group G
  policy entities [--user U] [--group G] [--policy P]
                       which users and groups have which policies
  accesskey create [--user U] [--access-key AK --secret-key SK] [--expiry T]
                       a new access key of user U (of the account root without
                       --user); T: 2027-01-31, an ISO time, or 30m / 12h / 7d
  accesskey ls [--user U] | accesskey info AK | accesskey rm AK
  accesskey enable AK | accesskey disable AK
                       The user, group, policy and accesskey commands act in the
                       caller's account (the cluster root's: 000000000000);
                       --account ACCOUNT lets the cluster root act in another
  prometheus token     print a Prometheus scrape job for GET /metrics with a
                       bearer token made from the credentials (a JWT signed with
                       the secret key; made here, no request is sent)
  audit verify FILE|-  check the hash chains of audit records given as JSON lines
                       (e.g. an Elasticsearch export; any order): reports deleted,
                       edited and reordered records; exits 0 intact, 1 broken,
                       2 unreadable input (local, no request is sent)

Flags:
  --endpoint URL       the server (default: CAIRN_ENDPOINT, else ${DEFAULT_ENDPOINT})
  --region REGION      signing region (default: AWS_REGION, else CAIRN_REGION, else us-east-1)
  --json               print the API's JSON document instead of text
  -h, --help           this text

Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else CAIRN_ROOT_USER and
CAIRN_ROOT_PASSWORD (the root user). An https:// endpoint's certificate is checked against
the CAs of CAIRN_CA_BUNDLE or AWS_CA_BUNDLE (a PEM file) when set, else node's.
Exit codes: 0 ok / healthy / chain intact, 1 not healthy / the heal left something
unhealed / chain broken / KMS unreachable / key round trip failed, 2 error.
`;

const HEAL_PATH = '/minio/admin/v3/heal/';

function print(io: AdminCliIo, args: AdminArgs, doc: unknown, text: () => string): void {
  io.out(args.json ? `${JSON.stringify(doc, null, 2)}\n` : text());
}

async function info(conn: AdminConnection, args: AdminArgs, io: AdminCliIo): Promise<number> {
  const doc = await callAdmin(conn, { method: 'GET', path: '/minio/admin/v3/info' }) as InfoDocument;
  print(io, args, doc, () => formatInfo(doc));
  return EXIT_OK;
}

async function healStatus(conn: AdminConnection, args: AdminArgs, io: AdminCliIo): Promise<number> {
  const doc = await callAdmin(conn, { method: 'POST', path: '/minio/admin/v3/background-heal/status' }) as BgHealStateDocument;
  print(io, args, doc, () => formatHealStatus(doc));
  return doc.isHealthy ? EXIT_OK : EXIT_NOT_HEALTHY;
}

async function heal(conn: AdminConnection, args: AdminArgs, io: AdminCliIo): Promise<number> {
  const started = await callAdmin(conn, {
    method: 'POST', path: HEAL_PATH, query: args.force ? { forceStart: 'true' } : {},
    body: { recursive: true, scanMode: args.deep ? 2 : 1 },
  }) as HealStartDocument;
  if (!args.wait) {
    print(io, args, started, () => formatHealStarted(started, args.deep));
    return EXIT_OK;
  }
  // Bounded by the sequence: it ends (finished, stopped or failed) or the server forgets it (an error).
  for (;;) {
    const status = await callAdmin(conn, { method: 'POST', path: HEAL_PATH, query: { clientToken: started.clientToken } }) as HealTaskStatusDocument;
    if (status.done) {
      print(io, args, status, () => formatHealSummary(status));
      const left = status.unhealable.items.length + status.unhealable.omitted + status.failures.length;
      return status.state === 'finished' && left === 0 ? EXIT_OK : EXIT_NOT_HEALTHY;
    }
    await delay(POLL_INTERVAL_MS);
  }
}

async function usage(conn: AdminConnection, args: AdminArgs, io: AdminCliIo): Promise<number> {
  const doc = await callAdmin(conn, { method: 'GET', path: '/minio/admin/v3/datausageinfo' }) as DataUsageInfoDocument;
  print(io, args, doc, () => formatUsage(doc));
  return EXIT_OK;
}

async function setQuota(conn: AdminConnection, args: AdminArgs, io: AdminCliIo, quota: number): Promise<number> {
  const bucket = args.bucket ?? '';
  const doc = await callAdmin(conn, {
    method: 'PUT', path: '/minio/admin/v3/set-bucket-quota', query: { bucket }, body: { quota, size: quota, quotatype: 'hard' },
  }) as BucketQuotaDocument;
  print(io, args, doc, () => (quota === 0 ? `Bucket ${bucket}: quota cleared\n` : formatQuota(doc)));
  return EXIT_OK;
}

async function quotaInfo(conn: AdminConnection, args: AdminArgs, io: AdminCliIo): Promise<number> {
  const bucket = args.bucket ?? '';
  try {
    const doc = await callAdmin(conn, { method: 'GET', path: '/minio/admin/v3/get-bucket-quota', query: { bucket } }) as BucketQuotaDocument;
    print(io, args, doc, () => formatQuota(doc));
  } catch (err) {
    if (!(err instanceof AdminClientError) || err.code !== 'XMinioAdminNoSuchQuotaConfiguration') throw err;
    print(io, args, { bucket, quota: 0, size: 0, quotatype: 'hard' }, () => formatNoQuota(bucket));
  }
  return EXIT_OK;
}

/** Runs `cairn admin ARGS...`; resolves with the exit code. */
export async function runAdminCli(argv: readonly string[], io: AdminCliIo): Promise<number> {
  try {
    const args = parseAdminArgs(argv);
    if (args.command === 'help') {
      io.out(ADMIN_HELP);
      return EXIT_OK;
    }
    if (args.command === 'audit-verify') {
      const report = await auditVerify(args.file ?? '-', { json: args.json, io: { out: io.out, stdin: io.stdin ?? process.stdin } });
      return report.problems.length === 0 ? EXIT_OK : EXIT_NOT_HEALTHY;
    }
    const conn = resolveConnection(args, io.env);
    switch (args.command) {
      case 'info': return await info(conn, args, io);
      case 'heal-status': return await healStatus(conn, args, io);
      case 'heal': return await heal(conn, args, io);
      case 'usage': return await usage(conn, args, io);
      case 'quota-set': return await setQuota(conn, args, io, args.quotaBytes ?? 0);
      case 'quota-clear': return await setQuota(conn, args, io, 0);
      case 'quota-info': return await quotaInfo(conn, args, io);
      case 'kms-status': case 'kms-key-create': case 'kms-key-status': case 'kms-key-list': case 'kms-account-set': case 'kms-account-info':
      case 'kms-key-rotate': case 'kms-reseal': case 'kms-reseal-status':
        return await kmsCommand(conn, args, io);
      case 'account-create': case 'account-list': case 'account-info': case 'account-remove':
        return await runAccountCommand(conn, { ...args, command: args.command }, { out: io.out, json: args.json });
      case 'ldap-policy-attach': case 'ldap-policy-detach': case 'ldap-policy-entities':
        if (args.ldapPolicy === undefined) throw new UsageError('idp ldap policy: missing arguments');
        return await runLdapPolicyCommand(conn, args.ldapPolicy, { out: io.out, json: args.json });
      case 'user-add': case 'user-list': case 'user-info': case 'user-remove': case 'user-enable': case 'user-disable':
      case 'group-add': case 'group-remove': case 'group-list': case 'group-info': case 'group-enable': case 'group-disable':
      case 'policy-create': case 'policy-list': case 'policy-info': case 'policy-remove': case 'policy-attach': case 'policy-detach':
      case 'policy-entities': case 'accesskey-create': case 'accesskey-list': case 'accesskey-info': case 'accesskey-remove':
      case 'accesskey-enable': case 'accesskey-disable':
        return await runIamCommand(conn, args.iam!, args.rootKey, { out: io.out, json: args.json });
      case 'prometheus-token':
        io.out(scrapeConfig({ endpoint: conn.endpoint, credentials: conn.credentials, nowMs: Date.now() }));
        return EXIT_OK;
    }
  } catch (err) {
    const known = err instanceof UsageError || err instanceof AdminClientError || err instanceof AuditInputError;
    io.err(`cairn admin: ${known ? err.message : `unexpected failure: ${err instanceof Error ? err.message : String(err)}`}\n`);
    return EXIT_ERROR;
  }
}
