/** Beeps made with the Web Audio API (no sound files): green one high beep, amber two, red a low buzz. */
let ctx: AudioContext | null = null;

function audio(): AudioContext | null {
	try {
		const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
		if (!AC) return null;
		ctx ??= new AC();
		if (ctx.state === 'suspended') void ctx.resume();
		return ctx;
	} catch {
		return null;
	}
}

/** Call from a user gesture (tap, key) so later beeps may play. */
export function unlockAudio(): void {
	audio();
}

function tone(freq: number, start: number, dur: number, type: OscillatorType = 'sine', gain = 0.25) {
	const a = audio();
	if (!a) return;
	const o = a.createOscillator();
	const g = a.createGain();
	o.type = type;
	o.frequency.value = freq;
	const t0 = a.currentTime + start;
	g.gain.setValueAtTime(0.0001, t0);
	g.gain.exponentialRampToValueAtTime(gain, t0 + 0.01);
	g.gain.exponentialRampToValueAtTime(0.0001, t0 + dur);
	o.connect(g).connect(a.destination);
	o.start(t0);
	o.stop(t0 + dur + 0.02);
}

export type Tone = 'ok' | 'already' | 'error' | 'leader';

export function beep(kind: Tone): void {
	if (kind === 'ok') tone(1046, 0, 0.14);
	else if (kind === 'already') {
		tone(660, 0, 0.12, 'triangle');
		tone(660, 0.18, 0.12, 'triangle');
	} else if (kind === 'leader') {
		tone(784, 0, 0.15);
		tone(1046, 0.16, 0.15);
		tone(1318, 0.32, 0.25);
	} else tone(196, 0, 0.45, 'square', 0.18);
	try {
		navigator.vibrate?.(kind === 'ok' ? 60 : kind === 'already' ? [60, 80, 60] : kind === 'error' ? 300 : 0);
	} catch {
		/* not supported */
	}
}
