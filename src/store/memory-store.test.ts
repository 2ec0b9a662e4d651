import { MemoryRunStore } from './memory-store.js';
import { describeRunStoreConformance } from './run-store.case.js';

describeRunStoreConformance('memory', { open: async ({ clock }) => new MemoryRunStore({ clock }) });
