import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.js';
import { loadConfig, settingsHelp } from './load-config.js';
import { CONFIG_SCHEMA } from './schema.js';

const bad = (argv: string[], env: Record<string, string> = {}, re?: RegExp): void => {
  assert.throws(() => loadConfig(argv, env), (e: unknown) => e instanceof ConfigError && (re === undefined || re.test(e.message)));
};

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const { config, positionals } = loadConfig(['/data'], {});
    assert.deepEqual(config.address, { host: '', port: 9000 });
    assert.equal(config.region, 'us-east-1');
    assert.deepEqual(config.domains, []);
    assert.equal(config.rootUser, undefined);
    assert.equal(config.consoleAddress, undefined);
    assert.equal(config.shutdownTimeoutMs, 30_000);
    assert.deepEqual(positionals, ['/data']);
  });
  it('reads flags (both --flag value and --flag=value) over environment variables', () => {
    const { config, positionals } = loadConfig(
      ['--address', '127.0.0.1:0', '--console-address=:9001', '--domain', 'a.test,b.test', '--domain=c.test', '/d{1...4}'],
      { CAIRN_ADDRESS: '0.0.0.0:1234', CAIRN_REGION: 'eu-west-1', CAIRN_DOMAIN: 'ignored.test', CAIRN_STORAGE_CLASS_STANDARD: 'EC:2' },
    );
    assert.deepEqual(config.address, { host: '127.0.0.1', port: 0 });
    assert.deepEqual(config.consoleAddress, { host: '', port: 9001 });
    assert.deepEqual(config.domains, ['a.test', 'b.test', 'c.test']);
    assert.equal(config.region, 'eu-west-1');
    assert.equal(config.storageClassStandard, 'EC:2');
    assert.deepEqual(positionals, ['/d{1...4}']);
  });
  it('parses IPv6 addresses', () => {
    assert.deepEqual(loadConfig(['--address', '[::1]:9000'], {}).config.address, { host: '::1', port: 9000 });
  });
  it('refuses bad values with a message naming the setting', () => {
    bad(['--address', '127.0.0.1'], {}, /--address/);
    bad(['--address', ':70000'], {}, /--address/);
    bad(['--address', '::1:9000'], {}, /--address/);
    bad([], { CAIRN_ADDRESS: 'nope' }, /CAIRN_ADDRESS/);
    bad([], { CAIRN_REGION: 'Not A Region' }, /CAIRN_REGION/);
    bad([], { CAIRN_STORAGE_CLASS_STANDARD: 'EC2' }, /CAIRN_STORAGE_CLASS_STANDARD/);
    bad(['--domain', 'bad domain'], {}, /--domain/);
    bad(['--unknown', 'x'], {}, /unknown flag/);
    bad(['--address'], {}, /needs a value/);
    bad(['--address', ':1', '--address', ':2'], {}, /more than once/);
  });
  it('root credentials: both or neither, user >= 3 and password >= 8 characters', () => {
    assert.equal(loadConfig([], { CAIRN_ROOT_USER: 'admin', CAIRN_ROOT_PASSWORD: 'password1' }).config.rootUser, 'admin');
    bad([], { CAIRN_ROOT_USER: 'admin' }, /together/);
    bad([], { CAIRN_ROOT_PASSWORD: 'password1' }, /together/);
    bad([], { CAIRN_ROOT_USER: 'ab', CAIRN_ROOT_PASSWORD: 'password1' }, /at least 3/);
    bad([], { CAIRN_ROOT_USER: 'admin', CAIRN_ROOT_PASSWORD: 'short' }, /at least 8/);
    bad([], { CAIRN_ROOT_USER: 'ad min', CAIRN_ROOT_PASSWORD: 'password1' }, /whitespace/);
  });
  it('the help text lists every setting of the schema', () => {
    const help = settingsHelp();
    for (const s of Object.values(CONFIG_SCHEMA)) {
      if (s.env) assert.ok(help.includes(s.env), s.env);
      if (s.flag) assert.ok(help.includes(s.flag), s.flag);
    }
  });
});
