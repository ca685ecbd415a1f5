/** Runner names of the background workers (status lookups: `runner.statusOf(SCANNER)`). */
export const HEAL_WORKER = 'heal';
export const SCANNER = 'scanner';
export const SCRUB = 'scrub';
export const REPLACED_DRIVE_HEAL = 'replaced-drive-heal';
export const LIFECYCLE = 'lifecycle';
