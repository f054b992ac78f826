import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow } from 'electron';

interface WindowState {
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

export function loadWindowState(home: string): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(home, 'window.json'), 'utf8')) as WindowState;
    if (s.bounds.width >= 600 && s.bounds.height >= 400) return s;
  } catch {
    /* first start */
  }
  return { bounds: { width: 1400, height: 900 }, maximized: false };
}

export function saveWindowState(home: string, win: BrowserWindow): void {
  const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, 'window.json'), JSON.stringify(state));
}
