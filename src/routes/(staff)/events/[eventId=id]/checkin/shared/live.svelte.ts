/**
 * Live check-in counts in the browser: the server-sent event stream (fed by PostgreSQL LISTEN, so every
 * instance agrees) says something changed; the counts are then fetched again (debounced). On every
 * (re)connect the counts are fetched too, so an event missed while disconnected is not lost (and on `resync`,
 * when the server's own LISTEN connection was lost and is back), and a slow
 * poll covers a stream that silently stalls. EventSource reconnects by itself after network errors; when
 * it gives up (the server answered an error), this reconnects with a growing delay.
 */
import type { LiveSummary } from '$lib/server/checkin/dto';
import type { CheckinEvent } from '$lib/server/checkin/stream';

export class LiveCounts {
	summary = $state<LiveSummary | null>(null);
	connected = $state(false);
	/** Leaders who just arrived (newest first), for the organiser's alert. */
	alerts = $state<CheckinEvent[]>([]);
	lastEvent = $state<CheckinEvent | null>(null);

	private es: EventSource | null = null;
	private retry = 1000;
	private fetchTimer: ReturnType<typeof setTimeout> | null = null;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;
	private poll: ReturnType<typeof setInterval> | null = null;
	private stopped = false;
	private seen = new Set<string>();

	constructor(
		private eventId: number,
		initial: LiveSummary | null,
		private onArrival?: (e: CheckinEvent) => void
	) {
		this.summary = initial;
	}

	start(): void {
		this.stopped = false;
		this.connect();
		this.poll = setInterval(() => this.refresh(), 30_000);
	}

	stop(): void {
		this.stopped = true;
		this.es?.close();
		this.es = null;
		for (const t of [this.fetchTimer, this.retryTimer]) if (t) clearTimeout(t);
		if (this.poll) clearInterval(this.poll);
	}

	dismiss(e: CheckinEvent): void {
		this.alerts = this.alerts.filter((a) => a !== e);
	}

	private connect(): void {
		if (this.stopped) return;
		const es = new EventSource(`/api/v1/events/${this.eventId}/checkin/stream`);
		this.es = es;
		es.addEventListener('hello', () => {
			this.connected = true;
			this.retry = 1000;
			this.refreshSoon(0);
		});
		// The server's own LISTEN was cut and is back: arrivals in between were not streamed, fetch the counts.
		es.addEventListener('resync', () => this.refreshSoon(0));
		es.addEventListener('checkin', (m) => {
			const e = JSON.parse((m as MessageEvent).data) as CheckinEvent;
			this.lastEvent = e;
			const key = `${e.delegateId}:${e.kind}:${e.at}`;
			if ((e.kind === 'checked_in' || e.kind === 'walk_in') && !this.seen.has(key)) {
				this.seen.add(key);
				if (e.delegate?.isLeader) this.alerts = [e, ...this.alerts].slice(0, 6);
				this.onArrival?.(e);
			}
			this.refreshSoon(250);
		});
		es.onerror = () => {
			this.connected = false;
			if (es.readyState === EventSource.CLOSED) {
				es.close();
				this.retryTimer = setTimeout(() => this.connect(), this.retry);
				this.retry = Math.min(this.retry * 2, 30_000);
			}
		};
	}

	private refreshSoon(ms: number): void {
		if (this.fetchTimer) clearTimeout(this.fetchTimer);
		this.fetchTimer = setTimeout(() => this.refresh(), ms);
	}

	async refresh(): Promise<void> {
		try {
			const res = await fetch(`/api/v1/events/${this.eventId}/checkin/counts`, { headers: { accept: 'application/json' }, cache: 'no-store' });
			if (res.ok) this.summary = (await res.json()) as LiveSummary;
		} catch {
			/* the stream's reconnect will fetch again */
		}
	}
}
