import { describeActionStoreConformance } from './action-store.case.js';
import { MemoryActionStore } from './memory-action-store.js';

describeActionStoreConformance('memory', () => new MemoryActionStore());
