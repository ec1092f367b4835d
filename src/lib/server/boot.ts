/**
 * Start-up of the web process: open the database (PGlite folder or PostgreSQL), apply migrations,
 * load the demo when asked, start background workers. Called from hooks.server.ts `init`.
 */
import path from 'node:path';
import { config } from './config';
import { ensureDatabase, openDatabase, type Database_ } from './db';
import { migrateToLatest } from './db/migrate';
import { keepStatistics } from './db/statistics';
import { startWorkers, stopWorkers } from './workers';
// Importing a worker module registers it.
import './mail/worker';
// The giấy mời attachment renderer must exist before the mail worker sends its first mail.
import './invitations/renderer';
import './files/worker';

export async function boot(): Promise<Database_> {
	const cfg = config();
	const t0 = performance.now();
	const d = await ensureDatabase(() =>
		openDatabase({
			url: cfg.databaseUrl,
			dataDir: cfg.databaseUrl ? null : path.join(cfg.dataDir, 'pglite')
		})
	);
	const t1 = performance.now();
	await migrateToLatest(d.db);
	if (cfg.demoSeed) {
		const { seedDemoIfEmpty } = await import('./demo/seed');
		const seeded = await seedDemoIfEmpty(d.db);
		if (seeded) console.log('[hoi-nghi] Đã nạp dữ liệu hội nghị mẫu');
	}
	console.log(
		`[hoi-nghi] Cơ sở dữ liệu ${d.kind === 'pglite' ? 'nhúng (PGlite)' : 'PostgreSQL'} sẵn sàng: mở ${Math.round(t1 - t0)} ms, migrate ${Math.round(performance.now() - t1)} ms`
	);
	if (cfg.runWorker) startWorkers(d);
	// PGlite has no autovacuum: the app keeps the planner's statistics itself (db/statistics.ts).
	const stopStatistics = keepStatistics(d);
	// adapter-node emits this on SIGTERM/SIGINT once requests have drained: let mails in flight finish.
	process.once('sveltekit:shutdown' as never, async () => {
		await stopStatistics();
		await stopWorkers();
		await d.close();
	});
	return d;
}
