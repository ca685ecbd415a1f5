/** Invalid configuration (a flag, an environment variable or their combination). */
import { CairnError } from '../errors/domain-errors.js';

export class ConfigError extends CairnError {
  readonly code = 'ERR_CONFIG_INVALID';
  constructor(message: string) { super(message); }
}
