import { WardenError } from '../../core/errors/warden-error.js';

/** Why a file tool refused a path. */
export type FileAccessReason = 'outside' | 'hidden' | 'protected' | 'dangling-link' | 'not-a-file' | 'not-a-directory';

const explanations: Record<FileAccessReason, string> = {
  outside: 'is outside the allowed directory (after following links); use a path inside it, as list_files shows.',
  hidden:
    'is a hidden path (a dot file or folder, such as .env, .git or .warden), which the file tools do not open unless configured with `allowHidden: true`.',
  protected: 'is protected (Warden’s own run store, or a path the tools were told never to open).',
  'dangling-link': 'is a link whose target does not exist; the file tools do not write through it.',
  'not-a-file': 'is not a regular file; use list_files to see the files.',
  'not-a-directory': 'is not a directory; use read_file for a file.',
};

/** A built-in file tool refused a path: outside its root, hidden, protected, or not the kind of entry asked for. */
export class FileAccessError extends WardenError {
  readonly path: string;
  readonly reason: FileAccessReason;

  constructor(path: string, reason: FileAccessReason) {
    super({
      code: 'FILE_ACCESS_DENIED',
      fault: 'policy',
      message: `"${path}" ${explanations[reason]}`,
      data: { path, reason },
    });
    this.path = path;
    this.reason = reason;
  }
}
