/**
 * The programme's clock, as pure functions: planned times from durations (so moving or lengthening one
 * item re-times everything after it), and the live view from the actual start/end marks (now, next, late
 * by how much, projected times of what is left).
 */

export interface TimedItem {
	id: number;
	durationMinutes: number;
	/** Pinned start (e.g. the afternoon session); the item waits for it even if the morning runs early. */
	fixedStart: Date | null;
	actualStart: Date | null;
	actualEnd: Date | null;
}

export type ItemState = 'done' | 'running' | 'upcoming' | 'skipped';

export interface ScheduledItem {
	id: number;
	plannedStart: Date;
	plannedEnd: Date;
	/** Expected start given what has actually happened (equals planned before the day). */
	projectedStart: Date;
	projectedEnd: Date;
	state: ItemState;
	/** A pinned start earlier than the end of the item before it. */
	overlaps: boolean;
}

export interface LiveState {
	items: ScheduledItem[];
	currentId: number | null;
	nextId: number | null;
	/** Minutes behind the plan (negative: ahead); null before anything started. */
	lateMinutes: number | null;
	/** Minutes the running item has left by its planned duration (negative: over time). */
	remainingMinutes: number | null;
	started: boolean;
	finished: boolean;
}

const MIN = 60_000;

/** Planned start and end of each item (in order) from the day's start. */
export function plannedTimes(items: TimedItem[], dayStart: Date): { id: number; start: Date; end: Date; overlaps: boolean }[] {
	const out: { id: number; start: Date; end: Date; overlaps: boolean }[] = [];
	let cursor = dayStart.getTime();
	for (const it of items) {
		const start = it.fixedStart ? it.fixedStart.getTime() : cursor;
		const overlaps = !!it.fixedStart && it.fixedStart.getTime() < cursor;
		const end = start + Math.max(0, it.durationMinutes) * MIN;
		out.push({ id: it.id, start: new Date(start), end: new Date(end), overlaps });
		cursor = end;
	}
	return out;
}

/**
 * The live schedule at `now`. The running item is the last one started and not ended. Lateness is the
 * projected end of the running (or last finished) item against its planned end; items not yet started are
 * projected from there, still waiting for a pinned start.
 */
export function liveSchedule(items: TimedItem[], dayStart: Date, now: Date): LiveState {
	const planned = plannedTimes(items, dayStart);
	const t = now.getTime();
	let currentIdx = -1;
	let lastStartedIdx = -1;
	items.forEach((it, i) => {
		if (it.actualStart) {
			lastStartedIdx = i;
			if (!it.actualEnd) currentIdx = i;
		}
	});
	const started = lastStartedIdx >= 0;
	const out: ScheduledItem[] = [];
	let cursor = dayStart.getTime();
	let late: number | null = null;
	let remaining: number | null = null;
	items.forEach((it, i) => {
		const p = planned[i];
		const dur = Math.max(0, it.durationMinutes) * MIN;
		let state: ItemState;
		let ps: number;
		let pe: number;
		if (it.actualStart && it.actualEnd) {
			state = 'done';
			ps = it.actualStart.getTime();
			pe = it.actualEnd.getTime();
		} else if (it.actualStart) {
			state = 'running';
			ps = it.actualStart.getTime();
			pe = Math.max(ps + dur, t);
			remaining = Math.round((ps + dur - t) / MIN);
		} else if (i < lastStartedIdx) {
			// Jumped over: the MC went on without it.
			state = 'skipped';
			ps = cursor;
			pe = cursor;
		} else {
			state = 'upcoming';
			const earliest = started ? Math.max(cursor, i === lastStartedIdx + 1 && currentIdx < 0 ? t : cursor) : cursor;
			ps = it.fixedStart ? Math.max(it.fixedStart.getTime(), earliest) : earliest;
			pe = ps + dur;
		}
		if (!started) {
			ps = p.start.getTime();
			pe = p.end.getTime();
		}
		out.push({
			id: it.id,
			plannedStart: p.start,
			plannedEnd: p.end,
			projectedStart: new Date(ps),
			projectedEnd: new Date(pe),
			state,
			overlaps: p.overlaps
		});
		if (state !== 'skipped') cursor = pe;
	});
	const nextIdx = out.findIndex((s, i) => s.state === 'upcoming' && i > Math.max(currentIdx, lastStartedIdx));
	// Running: its projected end against its planned end. Between items: when the next can start against
	// its plan. After the last: how late the day ended.
	const diff = (a: Date, b: Date) => Math.round((a.getTime() - b.getTime()) / MIN);
	if (currentIdx >= 0) late = diff(out[currentIdx].projectedEnd, out[currentIdx].plannedEnd);
	else if (nextIdx >= 0 && started) late = diff(out[nextIdx].projectedStart, out[nextIdx].plannedStart);
	else if (started) late = diff(out[lastStartedIdx].projectedEnd, out[lastStartedIdx].plannedEnd);
	return {
		items: out,
		currentId: currentIdx >= 0 ? items[currentIdx].id : null,
		nextId: nextIdx >= 0 ? items[nextIdx].id : null,
		lateMinutes: started ? late : null,
		remainingMinutes: currentIdx >= 0 ? remaining : null,
		started,
		finished: started && currentIdx < 0 && nextIdx < 0
	};
}

/** "muộn 12 phút", "sớm 3 phút", "đúng giờ". */
export function lateText(minutes: number | null): string {
	if (minutes === null) return 'chưa bắt đầu';
	if (minutes > 0) return `muộn ${minutes} phút`;
	if (minutes < 0) return `sớm ${-minutes} phút`;
	return 'đúng giờ';
}
