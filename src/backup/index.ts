/**
 * Backup and restore: a complete, consistent snapshot of the database (or of one council's records) in one
 * documented file, and its restore into an empty database, PGlite or PostgreSQL (docs/backup-and-restore.md).
 * A loader rather than a capability: it reads and writes every table from the database's catalog.
 */
export { backupRoutes } from './backup.routes.ts';
export { exportBackup, type CouncilRef, type ExportOptions, type ExportSummary, type Progress } from './export.ts';
export { checkBackup, restoreBackup, type CheckedBackup, type RestoreOptions, type RestoreSummary } from './restore.ts';
export { BackupRefused, FORMAT, FORMAT_VERSION } from './format.ts';
