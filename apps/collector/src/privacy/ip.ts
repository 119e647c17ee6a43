/** IP addresses are never stored whole: IPv4 loses its last octet, IPv6 its last 80 bits (Google Analytics' rule). */
import { isIPv4, isIPv6 } from "node:net";

export function truncateIp(ip: string): string | null {
  if (isIPv4(ip)) return ip.split(".").slice(0, 3).concat("0").join(".");
  if (!isIPv6(ip)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return truncateIp(mapped[1]);
  // Expand "::" so the first three groups (48 bits) can be kept and the rest zeroed.
  const [head, tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 3).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::`;
}
