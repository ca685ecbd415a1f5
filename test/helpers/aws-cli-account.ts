/**
 * A real server process, a new account made with the real `cairn admin` CLI, and the real AWS
 * CLI signed with any keys (long-term or session): the set-up of the e2e files that drive the
 * IAM API with `aws iam` / `aws sts` as one account.
 */
import assert from 'node:assert/strict';
import { startServer, serverEntry, type CairnServer } from './server.js';
import { makeTempDir, type TempDir } from './files.js';
import { awsCliEnv } from './aws-cli-env.js';
import { requireTool, run, type RunResult } from './tools.js';

export interface CliKeys { accessKey: string; secretKey: string; sessionToken?: string }
export interface CliAccount extends CliKeys { accountId: string }

export class AwsCliAccount {
  private constructor(
    readonly server: CairnServer, readonly account: CliAccount,
    private readonly tmp: TempDir, private readonly aws: string, private readonly baseEnv: Record<string, string>,
  ) {}

  /** Starts a server (with `serverEnv` added to its environment) and creates the account `accountName` (temp files under `tmpName`). */
  static async start(tmpName: string, accountName: string, serverEnv: Record<string, string> = {}): Promise<AwsCliAccount> {
    const server = await startServer({ env: serverEnv });
    const tmp = await makeTempDir(tmpName);
    const aws = requireTool('aws');
    const baseEnv = await awsCliEnv(server, tmp.path);
    const made = await run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, '--json', 'account', 'create', accountName], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey },
      timeoutMs: 60_000,
    });
    assert.equal(made.code, 0, made.stderr);
    return new AwsCliAccount(server, JSON.parse(made.stdout) as CliAccount, tmp, aws, baseEnv);
  }

  cli(keys: CliKeys, args: readonly string[]): Promise<RunResult> {
    const env: Record<string, string> = { ...this.baseEnv, AWS_ACCESS_KEY_ID: keys.accessKey, AWS_SECRET_ACCESS_KEY: keys.secretKey };
    if (keys.sessionToken !== undefined) env.AWS_SESSION_TOKEN = keys.sessionToken;
    return run(this.aws, [...args, '--endpoint-url', this.server.endpoint, '--output', 'json'], { env, timeoutMs: 120_000 });
  }

  /** Runs and parses the JSON answer; fails the test when the command fails. */
  async ok<T = Record<string, unknown>>(keys: CliKeys, args: readonly string[]): Promise<T> {
    const r = await this.cli(keys, args);
    assert.equal(r.code, 0, `aws ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
    return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
  }

  /** Runs and expects the command refused with AWS error `code`; returns its stderr. */
  async refused(keys: CliKeys, args: readonly string[], code: string): Promise<string> {
    const r = await this.cli(keys, args);
    assert.notEqual(r.code, 0, `aws ${args.join(' ')} should have been refused: ${r.stdout}`);
    assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
    return r.stderr;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.tmp.remove();
  }
}
