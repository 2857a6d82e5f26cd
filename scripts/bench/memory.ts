/**
 * This process's peak resident memory. On Linux the kernel's maxRSS survives exec, so a child
 * would report its parent's peak if that was higher; VmHWM belongs to the new address space.
 */
import { readFileSync } from 'node:fs';

export function peakMemoryMB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: fall back to maxRSS.
  }
  return process.resourceUsage().maxRSS / 1024;
}
