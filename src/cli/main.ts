import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openRegistry, type Registry } from '../bootstrap.js';
import type { Clock } from '../clock.js';
import { ConfigError, loadConfig, StartupError, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { closeDatabase } from '../persistence/database.js';
import { ZodError } from 'zod';
import { seedDemo } from '../services/demo-seed.js';
import { seedLarge } from '../services/large-seed.js';
import { verifyEventLog } from '../services/event-log.js';
import { evaluateCommand } from './evaluate-command.js';
import { backupCommand, restoreCommand } from './backup-commands.js';

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  readStdin: () => string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
}

type Command = (args: string[], io: CliIo) => Promise<number> | number;

const usage = `Usage: keurmerk <command> [options]

Commands:
  serve                              start the registry web server
  migrate                            apply database migrations and publish scheme files
  seed --demo                        load the demo register (idempotent)
  seed --large N                     add N synthetic certified centres (benchmarks)
  user add --email E --role R [--name N] [--centre SLUG] --password-stdin
                                     create a user; the password is read from standard input
  user disable --email E             disable a user (ends their sessions and API tokens)
  token create --email E [--name N]  create an API token for a staff user (printed last)
  evaluate <answers.json> [--scheme CODE]
                                     score an answer file; prints the result JSON
  sweep [--now ISO-8601]             apply time-driven consequences (suspend, withdraw, expire)
  verify-pdf <file.pdf>              check a certificate PDF: exit 0 authentic and active,
                                     2 authentic but not active, 1 not authentic
  log verify                         recompute the event log's hash chain
  backup <file>                      online backup of the database to a new file
  restore <file>                     replace the database with a verified backup (server
                                     stopped); the old database is kept beside it
`;

async function withRegistry<T>(io: CliIo, fn: (registry: Registry, config: Config) => T | Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const registry = openRegistry(config, io.clock);
  try {
    return await fn(registry, config);
  } finally {
    closeDatabase(registry.db);
  }
}

const commands: Record<string, Command> = {
  async serve() {
    const { startServer } = await import('../main.js');
    await startServer(loadConfig(process.env));
    // The server keeps the process alive; exit happens on SIGTERM/SIGINT.
    return new Promise<number>(() => {});
  },

  async migrate(_args, io) {
    await withRegistry(io, (_registry, config) => io.stdout(`Database ${config.databasePath} is up to date.`));
    return 0;
  },

  async seed(args, io) {
    const { values } = parseArgs({
      args,
      options: { demo: { type: 'boolean' }, large: { type: 'string' } },
      strict: true,
    });
    if (values.large !== undefined) {
      const count = Number(values.large);
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
        io.stderr('--large needs a whole number of centres between 1 and 1000000');
        return 2;
      }
      return withRegistry(io, (registry) => {
        const added = seedLarge(registry.db, registry.services, count, io.clock.now());
        io.stdout(`Synthetic register: ${added} centres with certificates added.`);
        return 0;
      });
    }
    if (!values.demo) {
      io.stderr('Say what to seed: --demo or --large N');
      return 2;
    }
    if (loadConfig(io.env).isProduction) {
      io.stderr('The demo register has published passwords: it is never loaded in production.');
      return 1;
    }
    return withRegistry(io, async (registry, config) => {
      const report = await seedDemo(registry.db, registry.services, config, io.clock.now());
      io.stdout(
        `Demo register: ${report.centresAdded} centres added, ${report.usersAdded.length} users added${report.historyAdded ? ', audit history written' : ''}.`,
      );
      for (const u of report.usersAdded) io.stdout(`  ${u.role.padEnd(8)} ${u.email}  password: ${u.password}`);
      return 0;
    });
  },

  user(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'disable') return disableUser(rest, io);
    if (sub !== 'add') {
      io.stderr('Usage: keurmerk user add --email E --role R [--name N] [--centre SLUG] --password-stdin');
      io.stderr('       keurmerk user disable --email E');
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        centre: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
      strict: true,
    });
    if (!values['password-stdin']) {
      io.stderr('The password is read from standard input: pass --password-stdin (never put it on the command line).');
      return 2;
    }
    const password = io.readStdin().replace(/\r?\n$/, '');
    return withRegistry(io, (registry) => {
      const user = registry.services.users.add(
        {
          email: values.email ?? '',
          name: values.name ?? values.email?.split('@')[0] ?? '',
          role: values.role as 'admin',
          centre: values.centre,
          password,
        },
        'cli',
      );
      io.stdout(`User ${user.email} (${user.role}) created with id ${user.id}.`);
      return 0;
    });
  },

  token(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'create') {
      io.stderr('Usage: keurmerk token create --email E [--name N]');
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' } },
      strict: true,
    });
    return withRegistry(io, (registry) => {
      const user = registry.services.users.findByEmail(values.email ?? '');
      if (!user || user.disabled) {
        io.stderr(`No active user with e-mail ${values.email ?? '(none given)'}`);
        return 1;
      }
      const { token, record } = registry.services.tokens.create(user, values.name ?? 'CLI token');
      io.stdout(
        `Token ${record.id} "${record.name}" for ${user.email} (${user.role}). It is shown once; store it now:`,
      );
      io.stdout(token);
      return 0;
    });
  },

  evaluate: evaluateCommand,
  backup: backupCommand,
  restore: restoreCommand,

  async sweep(args, io) {
    const { values } = parseArgs({ args, options: { now: { type: 'string' } }, strict: true });
    const now = values.now ? new Date(values.now) : io.clock.now();
    if (Number.isNaN(now.getTime()) || (values.now !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(values.now))) {
      io.stderr(`--now must be an ISO-8601 time such as 2027-03-02T00:00:00Z, not "${values.now}"`);
      return 2;
    }
    const config = loadConfig(io.env);
    const registry = openRegistry(config, io.clock);
    try {
      const changes = await registry.services.certificates.sweep(now);
      io.stdout(`Sweep at ${now.toISOString()}: ${changes.length} change(s).`);
      for (const c of changes) {
        const cert = registry.services.certificates.certificateById(Number(c.certificateId))!;
        io.stdout(`  ${cert.number}: ${c.from} → ${c.to} (effective ${c.effectiveAt}): ${c.reason.message}`);
      }
      return 0;
    } finally {
      closeDatabase(registry.db);
    }
  },

  'verify-pdf'(args, io) {
    const [file] = args;
    if (!file) {
      io.stderr('Usage: keurmerk verify-pdf <file.pdf>');
      return 2;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      io.stderr(`${file} cannot be read: ${(err as Error).message}`);
      return 1;
    }
    return withRegistry(io, (registry) => {
      const verification = registry.services.documents!.verify(bytes);
      const cert = verification.certificate;
      if (!verification.authentic || !cert) {
        io.stdout(`NOT AUTHENTIC: ${verification.reason}`);
        return 1;
      }
      const current = registry.services.certificates.certificateById(cert.id)!;
      if (current.status !== 'active') {
        io.stdout(
          `AUTHENTIC BUT ${current.status.toUpperCase()}: ${current.number} is ${current.status} (${current.statusReason}). ${verification.reason}`,
        );
        return 2;
      }
      io.stdout(
        `AUTHENTIC AND ACTIVE: ${current.number}, valid ${current.validFrom} to ${current.validUntil}. ${verification.reason}`,
      );
      return 0;
    });
  },

  log(args, io) {
    if (args[0] !== 'verify') {
      io.stderr('Usage: keurmerk log verify');
      return 2;
    }
    return withRegistry(io, (registry) => {
      const check = verifyEventLog(registry.db);
      if (check.ok) {
        io.stdout(`OK: ${check.length} entries, head ${check.head}`);
        return 0;
      }
      io.stdout(
        `BROKEN at entry ${check.brokenAt}: the chain does not verify from there on (${check.length} entries).`,
      );
      return 1;
    });
  },
};

function disableUser(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  return withRegistry(io, (registry) => {
    const user = registry.services.users.findByEmail(values.email ?? '');
    if (!user) {
      io.stderr(`No user with e-mail ${values.email ?? '(none given)'}`);
      return 1;
    }
    registry.services.users.setDisabled(user.id, true, 'cli');
    io.stdout(`User ${user.email} disabled; their sessions and API tokens no longer work.`);
    return 0;
  });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    io.stdout(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${usage}`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) io.stderr(err.message);
    else if (err instanceof ZodError) {
      io.stderr('Invalid input:');
      for (const issue of err.issues) io.stderr(`  ${issue.path.join('.') || '(input)'}: ${issue.message}`);
    } else if (err instanceof AppError) {
      io.stderr(err.message);
      for (const issue of err.issues) io.stderr(`  ${issue.path ?? issue.item ?? ''}: ${issue.message}`);
    } else if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${err.message}\n\n${usage}`);
      return 2;
    } else throw err;
    return 1;
  }
}
