/**
 * Camera scanning: the browser's own BarcodeDetector when it reads QR codes (Android Chrome, Safari 17+,
 * ChromeOS), else the ZXing WebAssembly ponyfill, loaded only when the camera is switched on and served from
 * this server (its wasm is a build asset: nothing comes from a CDN, STACK.md P14).
 */
export interface Detector {
	detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

export interface DecoderInfo {
	detector: Detector;
	kind: 'native' | 'zxing';
}

let loading: Promise<DecoderInfo> | null = null;

export function loadDecoder(): Promise<DecoderInfo> {
	loading ??= (async (): Promise<DecoderInfo> => {
		const Native = (globalThis as unknown as { BarcodeDetector?: { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> } })
			.BarcodeDetector;
		if (Native) {
			try {
				if ((await Native.getSupportedFormats()).includes('qr_code')) return { detector: new Native({ formats: ['qr_code'] }), kind: 'native' };
			} catch {
				/* fall back to the ponyfill */
			}
		}
		const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
			import('barcode-detector/ponyfill'),
			import('zxing-wasm/reader/zxing_reader.wasm?url')
		]);
		// Fetch and compile the wasm now, so a failure shows when the camera is switched on.
		await prepareZXingModule({
			overrides: { locateFile: (p: string, prefix: string) => (p.endsWith('.wasm') ? wasmUrl : prefix + p) },
			fireImmediately: true
		});
		return { detector: new BarcodeDetector({ formats: ['qr_code'] }) as unknown as Detector, kind: 'zxing' };
	})().catch((e) => {
		loading = null;
		throw e;
	});
	return loading!;
}

export interface CameraScan {
	stop(): void;
	kind: DecoderInfo['kind'];
}

/**
 * Opens the back camera into the video element and calls onCode with each QR read. The same code is
 * reported once until it has left the picture for `repeatMs` (holding a letter up does not scan it twice).
 */
export async function startCamera(video: HTMLVideoElement, onCode: (text: string) => void, repeatMs = 3000): Promise<CameraScan> {
	if (!navigator.mediaDevices?.getUserMedia) {
		throw new Error(
			window.isSecureContext
				? 'Trình duyệt này không cho dùng camera.'
				: 'Camera chỉ dùng được qua HTTPS (hoặc localhost). Hãy dùng máy quét cầm tay, gõ mã hoặc tìm theo tên.'
		);
	}
	const [decoder, stream] = await Promise.all([
		loadDecoder(),
		navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
	]);
	video.srcObject = stream;
	video.setAttribute('playsinline', '');
	video.muted = true;
	await video.play().catch(() => {});
	let stopped = false;
	let last = '';
	let lastSeen = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const tick = async () => {
		if (stopped) return;
		if (video.readyState >= 2) {
			try {
				const codes = await decoder.detector.detect(video);
				const now = Date.now();
				const text = codes[0]?.rawValue;
				if (text) {
					if (text !== last || now - lastSeen > repeatMs) onCode(text);
					last = text;
					lastSeen = now;
				}
			} catch {
				/* a frame that could not be read */
			}
		}
		if (!stopped) timer = setTimeout(tick, 120);
	};
	void tick();
	return {
		kind: decoder.kind,
		stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			for (const t of stream.getTracks()) t.stop();
			video.srcObject = null;
		}
	};
}
