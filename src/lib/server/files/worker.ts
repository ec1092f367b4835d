/**
 * Hourly removal of orphan files (written by a transaction that then failed) and stale temporary files.
 * Safe with several instances: each only deletes files that no stored_file row names and that are older
 * than an hour, so a file of a transaction still open elsewhere is never touched.
 */
import { registerWorker } from '$lib/server/workers';
import { cleanupOrphanFiles, fileStore } from './store';

const EVERY_MS = 60 * 60 * 1000;

registerWorker((d) => {
	let stopped = false;
	const run = async () => {
		if (stopped) return;
		try {
			const r = await cleanupOrphanFiles(d.db, fileStore());
			if (r.removedFiles || r.removedTemp)
				console.log(`[hoi-nghi] Dọn tệp mồ côi: xóa ${r.removedFiles} tệp, ${r.removedTemp} tệp tạm`);
		} catch (e) {
			console.error('[hoi-nghi] Dọn tệp mồ côi thất bại:', e);
		}
	};
	// First pass a minute after start (not during boot), then hourly.
	const first = setTimeout(run, 60_000);
	const timer = setInterval(run, EVERY_MS);
	first.unref?.();
	timer.unref?.();
	return async () => {
		stopped = true;
		clearTimeout(first);
		clearInterval(timer);
	};
});
