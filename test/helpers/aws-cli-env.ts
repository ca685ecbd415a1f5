/**
 * The environment the e2e suites run Debian's AWS CLI with: a fresh HOME under `dir`, a config
 * file with path-style addressing in us-east-1, the server's root credentials, nothing from the
 * caller's AWS setup (no shared credentials file, no EC2 metadata, no pager).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CairnServer } from './server.js';
import { baseEnv } from './tools.js';

export async function awsCliEnv(server: CairnServer, dir: string): Promise<Record<string, string>> {
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  const config = join(home, 'aws-config');
  await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
  return {
    ...baseEnv(home),
    AWS_ACCESS_KEY_ID: server.accessKey,
    AWS_SECRET_ACCESS_KEY: server.secretKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}
