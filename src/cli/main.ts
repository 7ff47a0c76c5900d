import { parseArgs } from 'node:util';
import { openRegistry, type Registry } from '../bootstrap.js';
import { systemClock, type Clock } from '../clock.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { closeDatabase } from '../persistence/database.js';
import { seedDemo } from '../services/demo-seed.js';
import { ZodError } from 'zod';

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
  user add --email E --role R [--name N] [--centre SLUG] --password-stdin
                                     create a user; the password is read from standard input
`;

function withRegistry<T>(io: CliIo, fn: (registry: Registry, config: Config) => T): T {
  const config = loadConfig(io.env);
  const registry = openRegistry(config, io.clock);
  try {
    return fn(registry, config);
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

  migrate(_args, io) {
    withRegistry(io, (_registry, config) => io.stdout(`Database ${config.databasePath} is up to date.`));
    return 0;
  },

  seed(args, io) {
    const { values } = parseArgs({ args, options: { demo: { type: 'boolean' } }, strict: true });
    if (!values.demo) {
      io.stderr('Say what to seed: --demo');
      return 2;
    }
    return withRegistry(io, (registry) => {
      const report = seedDemo(registry.db, registry.services);
      io.stdout(`Demo register: ${report.centresAdded} centres added, ${report.usersAdded.length} users added.`);
      for (const u of report.usersAdded) io.stdout(`  ${u.role.padEnd(8)} ${u.email}  password: ${u.password}`);
      return 0;
    });
  },

  user(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'add') {
      io.stderr('Usage: keurmerk user add --email E --role R [--name N] [--centre SLUG] --password-stdin');
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
};

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
    if (err instanceof ConfigError) io.stderr(err.message);
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
