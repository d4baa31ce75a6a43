export * from './grids';
export * from './settings';
export * from './audit-log';
