import { expect, it } from "vitest";
import { truncateIp } from "./ip.ts";

it("keeps three octets of IPv4 and 48 bits of IPv6, and refuses what is not an address", () => {
  expect(truncateIp("203.0.113.77")).toBe("203.0.113.0");
  expect(truncateIp("2001:db8:85a3:1234:5678:8a2e:370:7334")).toBe("2001:db8:85a3::");
  expect(truncateIp("2001:DB8::1")).toBe("2001:db8:0::");
  expect(truncateIp("::1")).toBe("0:0:0::");
  expect(truncateIp("::ffff:198.51.100.9")).toBe("198.51.100.0");
  expect(truncateIp("not an ip")).toBeNull();
});
