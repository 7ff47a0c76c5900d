import { afterEach, describe, expect, it } from 'vitest';
import { sessionRepository } from '../../src/persistence/session-repository.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

let r: TestRegistry;
afterEach(() => r.close());

describe('session repository', () => {
  it('when a session has expired, then it is not found and pruning deletes it, and only it', () => {
    r = createTestRegistry();
    const sessions = sessionRepository(r.db);
    sessions.save('old', '{"userId":1}', 1_000);
    sessions.save('live', '{"userId":2}', 5_000);
    expect(sessions.find('old', 2_000)).toBeUndefined();
    expect(sessions.find('live', 2_000)).toBe('{"userId":2}');
    expect(sessions.prune(2_000)).toBe(1);
    expect(sessions.prune(2_000)).toBe(0);
    sessions.extend('live', 9_000);
    expect(sessions.find('live', 6_000)).toBe('{"userId":2}');
    sessions.remove('live');
    expect(sessions.find('live', 6_000)).toBeUndefined();
  });
});
