/** lifecycle/: the bucket lifecycle model, its stored form and its pure evaluation (rules, due dates, actions). */
export * from './lifecycle-config.js';
export * from './evaluate.js';
