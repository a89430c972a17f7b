/**
 * The save dialog for call-log exports.
 */
import { join } from 'node:path';
import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { ExportFormat } from '../shared/types.ts';
import { defaultExportFileName } from './export-name.ts';

const FILTERS: Record<ExportFormat, FileFilter> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  jsonl: { name: 'JSON Lines', extensions: ['jsonl'] },
};

/**
 * Creates the `chooseExportPath` port: a save dialog in the Downloads folder,
 * attached to the app window when one is open. Resolves to null when the user
 * cancels.
 */
export function createExportPathChooser(parentWindow: () => BrowserWindow | null) {
  return async (format: ExportFormat): Promise<string | null> => {
    const options = {
      title: 'Export call log',
      defaultPath: join(app.getPath('downloads'), defaultExportFileName(format, new Date())),
      filters: [FILTERS[format]],
    };
    const parent = parentWindow();
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);

    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
