import * as assert from 'assert';
import * as path from 'path';
import { ConfigError, ConfigResolver, RuleCatalog, type VigilConfig } from '../../server/src/engine';

// Shared by the config tests: resolve a file's config in a temp project, and the team's own
// sink (`db.raw_sql` / `db.rawSql`) and sanitizer (`sanitize_id` / `sanitizeId`) sample code.

const catalog = RuleCatalog.load();

/** The config `file` (relative to `root`) resolves to; `configFile` as with `--config`. */
export function configOf(root: string, file = 'app/main.py', options: { configFile?: string } = {}): VigilConfig {
  return new ConfigResolver(catalog, { configFile: options.configFile && path.join(root, options.configFile) }).configFor(path.join(root, file));
}

/** The ConfigError resolving `file` must raise. */
export function configErrorOf(root: string, file = 'app/main.py'): ConfigError {
  try {
    configOf(root, file);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  return assert.fail('expected a ConfigError');
}

/**
 * A FastAPI router: line 17 reaches only the team's sink `db.raw_sql` (a finding only with the
 * team config), line 22 only `cursor.execute` through the team's sanitizer `sanitize_id` (a
 * finding only without it).
 */
export const TEAM_ROUTES_PY = `from fastapi import APIRouter

router = APIRouter()


def sanitize_id(value):
    return value.strip()


@router.get("/customers")
def find_customer(email: str):
    return db.raw_sql(f"SELECT * FROM customers WHERE email = '{email}'")


@router.get("/orders")
def find_order(order_id: str, cursor):
    cursor.execute(f"SELECT * FROM orders WHERE id = {sanitize_id(order_id)}")
`;

/** The same for Express: line 6 reaches `db.rawSql`, line 7 goes through `sanitizeId`. */
export const TEAM_ROUTES_TS = `import express from 'express';
import helmet from 'helmet';
const app = express(); app.use(helmet());
function sanitizeId(value: string) { return value.trim(); }

app.get('/customers', (req, res) => { db.rawSql(\`SELECT * FROM customers WHERE email = '\${req.query.email}'\`); });
app.get('/orders', async (req, res) => { await pool.query(\`SELECT * FROM orders WHERE id = \${sanitizeId(req.query.id)}\`); });
`;
