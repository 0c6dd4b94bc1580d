/**
 * The first member name that appears twice in one object of a JSON text, if any. `JSON.parse`
 * keeps the last of them silently, while another parser (a proxy, a subscriber, an auditor)
 * may keep the first: one body, two meanings. The text must already be valid JSON.
 */
export function duplicateKey(text: string): string | undefined {
  const objects: (Set<string> | undefined)[] = []; // one entry per open container; arrays hold undefined
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (char === 0x7b /* { */) {
      objects.push(new Set());
      expectKey = true;
    } else if (char === 0x5b /* [ */) {
      objects.push(undefined);
      expectKey = false;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      objects.pop();
      expectKey = false;
    } else if (char === 0x2c /* , */) {
      expectKey = objects.at(-1) !== undefined;
    } else if (char === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i += 1; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (c === 0x5c /* \ */) {
          escaped = true;
          i += 1;
        } else if (c === 0x22) break;
      }
      if (!expectKey) continue;
      expectKey = false;
      const literal = text.slice(start, i + 1);
      const key = escaped ? (JSON.parse(literal) as string) : literal.slice(1, -1);
      const keys = objects.at(-1);
      if (keys?.has(key)) return key;
      keys?.add(key);
    }
  }
  return undefined;
}
