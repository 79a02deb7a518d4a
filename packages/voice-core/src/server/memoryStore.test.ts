import { createMemoryStore } from './memoryStore';
import { describeSessionStoreContract } from '../../test/server/sessionStoreContract';

describeSessionStoreContract('memory', async () => ({ store: createMemoryStore() }));
