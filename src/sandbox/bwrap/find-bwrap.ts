import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { sandboxUnavailable } from '../sandbox-error.js';

/** Where bubblewrap is, or `undefined`. Looks in /usr/bin, /usr/local/bin, /bin, then `PATH`. */
export function findBwrap(path = process.env.PATH ?? ''): string | undefined {
  const dirs = ['/usr/bin', '/usr/local/bin', '/bin', ...path.split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const file = join(dir, 'bwrap');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/** The error for a machine without bubblewrap, saying how to install it. */
export function bwrapMissing() {
  return sandboxUnavailable(
    'The Python and shell sandboxes need bubblewrap, which is not installed. Install it: `apt-get install -y bubblewrap` (Debian/Ubuntu) or `dnf install bubblewrap` (Fedora).',
  );
}
