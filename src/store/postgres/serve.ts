/** What `npm start` needs to serve from PostgreSQL: open the store from settings and follow later loads. */
import type { StoreKind } from "../../config.ts";
import { StoreStartupError } from "./errors.ts";
import { openPostgresStore } from "./open.ts";
import type { PostgresGraphStore } from "./postgres-store.ts";

/** How often a serving process checks whether another process loaded a new graph. */
const REFRESH_INTERVAL_MS = Number(process.env.STORE_REFRESH_MS) || 2_000;

/**
 * Open the PostgreSQL store named by the settings (a StoreStartupError with the fix when it cannot be served),
 * then check every few seconds for a newly loaded graph and hand the store to `onChange` when there is one, so
 * the server re-reads its stats; reads already see the new graph, which a load swaps in atomically.
 */
export async function openServedDatabaseStore(
  settings: { store: StoreKind; url: string | undefined; schema: string },
  onChange: (store: PostgresGraphStore) => void,
): Promise<PostgresGraphStore> {
  if (!settings.url) {
    throw new StoreStartupError(
      "STORE=postgres needs DATABASE_URL; set it to the database, e.g. postgres://user@127.0.0.1:5432/graph",
      "DATABASE_URL_MISSING",
    );
  }
  const { store } = await openPostgresStore(settings.url, settings.schema);
  const timer = setInterval(() => {
    store.refresh().then(
      (changed) => {
        if (changed) onChange(store);
      },
      () => {}, // a database blip: reads report their own errors; try again next time
    );
  }, REFRESH_INTERVAL_MS);
  timer.unref();
  return store;
}
