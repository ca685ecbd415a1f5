/**
 * Opens the audit log of this process when audit targets are configured
 * (config/audit-targets.ts): their lanes run on an audit thread (audit/audit-thread.ts), queues under
 * CAIRN_AUDIT_DIR or `.cairn/audit/` on the first drive, one node directory per process
 * (`<hostname>-w<slot>`: `--workers N` processes never share a queue or a chain).
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AuditLog, type AuditLogger } from '../audit/index.js';
import type { AuditTargetConfig, Config } from '../config/index.js';

export interface AuditLogFactoryOptions {
  readonly config: Config;
  readonly targets: readonly AuditTargetConfig[];
  /** The first drive's directory (default home of the queues). */
  readonly firstDrive: string;
  readonly workerIndex: number;
  readonly deploymentId: string;
  readonly rootAccessKey: string;
  readonly logger: AuditLogger;
}

export function auditNodeName(workerIndex: number): string {
  return `${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-w${workerIndex}`;
}

export async function openAuditLog(opts: AuditLogFactoryOptions): Promise<AuditLog | undefined> {
  if (opts.targets.length === 0) return undefined;
  const { config } = opts;
  return AuditLog.open({
    dir: config.auditDir ?? join(opts.firstDrive, '.cairn', 'audit'),
    node: auditNodeName(opts.workerIndex),
    targetConfigs: opts.targets,
    queueSize: config.auditQueueSize,
    policy: config.auditQueueFull,
    blockTimeoutMs: config.auditBlockTimeout,
    fsyncIntervalMs: config.auditFsyncMs,
    logger: opts.logger,
    fileMode: config.fileMode,
    dirMode: config.dirMode,
    deploymentId: opts.deploymentId,
    accountOf: (accessKey) => (accessKey === opts.rootAccessKey ? 'root' : ''),
  });
}
