import { createMemoryStore } from './memoryStore';
import { describeSessionStoreContract } from './sessionStoreContract';

describeSessionStoreContract('memory', async () => ({ store: createMemoryStore() }));
