/**
 * Keeps a page fresh while the conference runs: listens to the stage stream (check-ins, stage moves, programme
 * marks) and reloads the page data on each change, with a slow poll as a fallback when the stream is cut.
 */
import { invalidateAll } from '$app/navigation';

export function liveRefresh(eventId: number, pollMs = 20_000): () => void {
	let timer: ReturnType<typeof setTimeout> | null = null;
	const refresh = () => {
		if (timer) return;
		// Several check-ins in a burst: one reload.
		timer = setTimeout(() => {
			timer = null;
			void invalidateAll();
		}, 400);
	};
	let source: EventSource | null = null;
	try {
		source = new EventSource(`/events/${eventId}/stage/stream`);
		source.addEventListener('change', refresh);
	} catch {
		source = null;
	}
	const poll = setInterval(() => void invalidateAll(), pollMs);
	return () => {
		source?.close();
		clearInterval(poll);
		if (timer) clearTimeout(timer);
	};
}
