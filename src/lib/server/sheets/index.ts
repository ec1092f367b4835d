/** Spreadsheet import: read a file (read-table), find its header, parse delegates or awards. */
export * from './errors';
export * from './read-table';
export * from './header';
export * from './rows';
export * from './delegates';
export * from './awards';
