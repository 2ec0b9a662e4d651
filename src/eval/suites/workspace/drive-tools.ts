import { z } from 'zod';
import { type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { DriveFile, WorkspaceState } from './state.js';
import { nextId } from './state.js';

function findFile(state: WorkspaceState, id: string): DriveFile {
  const file = state.drive.files.find((candidate) => candidate.id === id);
  if (!file) throw new Error(`No file with id "${id}". Use list_files or search_files to find its id.`);
  return file;
}

function requireEditor(state: WorkspaceState, file: DriveFile, action: string): void {
  if (file.owner === state.user.email || file.shared_with[state.user.email] === 'edit') return;
  throw new Error(
    `You cannot ${action} "${file.filename}": you only have view access. Ask ${file.owner} for edit access.`,
  );
}

const summary = (file: DriveFile) => ({
  id: file.id,
  filename: file.filename,
  owner: file.owner,
  last_modified: file.last_modified,
  size: file.content.length,
});

/** The user's cloud drive: files they own and files shared with them. */
const define = suiteToolDefiner<WorkspaceState>();

export const driveTools: Array<SuiteTool<WorkspaceState>> = [
  define({
    name: 'list_files',
    description: 'List every file in the cloud drive (id, filename, owner, size), without contents.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.drive.files.map(summary),
  }),
  define({
    name: 'search_files',
    description:
      'Search cloud drive files whose filename or content contains the query. Returns the files with content.',
    input: z.object({ query: z.string().min(1) }),
    readOnly: true,
    execute: (state, { query }) => {
      const needle = query.toLowerCase();
      return state.drive.files.filter((file) => `${file.filename}\n${file.content}`.toLowerCase().includes(needle));
    },
  }),
  define({
    name: 'search_files_by_filename',
    description: 'Find cloud drive files whose filename contains the given text. Returns the files with content.',
    input: z.object({ filename: z.string().min(1) }),
    readOnly: true,
    execute: (state, { filename }) =>
      state.drive.files.filter((file) => file.filename.toLowerCase().includes(filename.toLowerCase())),
  }),
  define({
    name: 'get_file_by_id',
    description: 'Read one cloud drive file, with its content, by id.',
    input: z.object({ file_id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { file_id }) => findFile(state, file_id),
  }),
  define({
    name: 'create_file',
    description: 'Create a new file in the cloud drive with the given name and text content.',
    input: z.object({ filename: z.string().min(1), content: z.string() }),
    execute: (state, { filename, content }) => {
      const file: DriveFile = {
        id: nextId(state.drive.files),
        filename,
        owner: state.user.email,
        content,
        shared_with: {},
        last_modified: state.now,
      };
      state.drive.files.push(file);
      return file;
    },
  }),
  define({
    name: 'append_to_file',
    description: 'Add text at the end of a cloud drive file (on a new line).',
    input: z.object({ file_id: z.string().min(1), content: z.string().min(1) }),
    execute: (state, { file_id, content }) => {
      const file = findFile(state, file_id);
      requireEditor(state, file, 'edit');
      file.content = `${file.content.replace(/\n*$/, '')}\n${content}\n`;
      file.last_modified = state.now;
      return summary(file);
    },
  }),
  define({
    name: 'share_file',
    description: 'Share a cloud drive file with someone, by email address, with view or edit permission.',
    input: z.object({ file_id: z.string().min(1), email: z.email(), permission: z.enum(['view', 'edit']) }),
    execute: (state, { file_id, email, permission }) => {
      const file = findFile(state, file_id);
      requireEditor(state, file, 'share');
      file.shared_with[email] = permission;
      return { id: file.id, filename: file.filename, shared_with: file.shared_with };
    },
  }),
  define({
    name: 'delete_file',
    description: 'Delete a cloud drive file you own, by id.',
    input: z.object({ file_id: z.string().min(1) }),
    execute: (state, { file_id }) => {
      const file = findFile(state, file_id);
      if (file.owner !== state.user.email)
        throw new Error(`Only its owner (${file.owner}) can delete "${file.filename}".`);
      state.drive.files.splice(state.drive.files.indexOf(file), 1);
      return { deleted: file.id, filename: file.filename };
    },
  }),
];
