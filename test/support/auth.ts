import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';

/** The CSRF token of the agent's cookie, read from a page's hidden field. */
export async function csrfTokenFor(agent: TestAgent, path = '/login'): Promise<string> {
  const res = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`No CSRF field on ${path} (status ${res.status})`);
  return match[1]!;
}

/**
 * An agent signed in through the real login form; `csrf` is valid for its later posts. A
 * signed-in token is bound to the session, so it is read again after signing in: the login
 * page's token belonged to the anonymous visit.
 */
export async function loginAs(app: Express, email: string, password: string) {
  const agent = request.agent(app);
  const loginCsrf = await csrfTokenFor(agent);
  const res = await agent.post('/login').type('form').send({ email, password, _csrf: loginCsrf });
  if (res.status !== 303) throw new Error(`Login as ${email} failed with ${res.status}`);
  const csrf = await csrfTokenFor(agent, '/dashboard');
  return { agent, csrf };
}
