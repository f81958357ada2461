// What a WebAssembly file carries, by crate (a small stand-in for twiggy, which takes too long to
// compile on the shared machine). Reads the code, data and name sections; names need a build
// that keeps them, such as Cargo's output before wasm-bindgen and wasm-opt
// (target/wasm32-unknown-unknown/{wasm-release,wasm-worker}/*.wasm), so shares are indicative
// of the optimized file in dist/. Usage: node tools/wasm-sizes.mjs FILE.wasm [--top N] [--crate NAME]
// (--crate lists that crate's largest functions by module path).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const top = Number(opt('--top', 25));
const only = opt('--crate', null);
if (!file) {
  console.error('usage: node tools/wasm-sizes.mjs FILE.wasm [--top N] [--crate NAME]');
  process.exit(1);
}
const b = readFileSync(file);
let p = 8;
const leb = () => {
  let r = 0, s = 0, x;
  do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
const sections = {};
let imports = 0, bodies = [];
const names = new Map();
while (p < b.length) {
  const id = b[p++], len = leb(), end = p + len;
  if (id === 0) {
    const nl = leb(), name = b.toString('utf8', p, p + nl);
    p += nl;
    sections[`custom ${name}`] = len;
    while (name === 'name' && p < end) {
      const sub = b[p++], sl = leb(), se = p + sl;
      if (sub === 1) for (let n = leb(); n > 0; n--) { const i = leb(), l = leb(); names.set(i, b.toString('utf8', p, p + l)); p += l; }
      p = se;
    }
  } else {
    sections[['', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'][id] || `id ${id}`] = len;
    if (id === 2) for (let n = leb(); n > 0; n--) { p += leb(); p += leb(); const k = b[p++]; if (k === 0) { imports++; leb(); } else if (k === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); } else if (k === 2) { const f = leb(); leb(); if (f & 1) leb(); } else { p += 2; } }
    if (id === 10) for (let n = leb(), i = 0; i < n; i++) { const l = leb(); bodies.push(l); p += l; }
  }
  p = end;
}
// Rust's legacy mangling (_ZN 3std 2io ... E) and the demangled form both give the path.
const demangle = (s) => s.replace(/^_/, '').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$RF\$/g, '&')
  .replace(/\$u20\$/g, ' ').replace(/\$C\$/g, ',').replace(/\$LP\$/g, '(').replace(/\$RP\$/g, ')').replace(/\$u[0-9a-f]+\$/g, '').replace(/\.\./g, '::');
const path = (name) => {
  if (!name) return ['(unnamed)'];
  // v0 mangling: the first crate name follows `Cs<hash>_`.
  const v0 = /^_R.*?Cs[0-9A-Za-z]*_(\d+)/.exec(name);
  if (v0) { const at = v0.index + v0[0].length; return [name.slice(at, at + Number(v0[1])), name]; }
  let parts = [];
  if (name.startsWith('_ZN')) {
    for (let i = 3; i < name.length && name[i] !== 'E';) {
      const m = /^\d+/.exec(name.slice(i));
      if (!m) break;
      i += m[0].length;
      parts.push(demangle(name.slice(i, i + Number(m[0]))));
      i += Number(m[0]);
    }
  } else parts = demangle(name).split('::');
  // `<Type as Trait>::f` counts for the type's crate, or the trait's when the type is generic.
  const joined = parts.join('::');
  const impl = /^<+(?:&(?:mut )?)*([^<>]*?)(?:<.*?)? as ([^<>]*)/.exec(joined);
  if (impl) {
    const ty = impl[1].split('::');
    return ty.length > 1 || !/^[A-Z]$|^\[|^\(/.test(ty[0]) && ty.length > 1 ? ty : impl[2].split('::');
  }
  return parts;
};
const total = bodies.reduce((a, c) => a + c, 0);
const by = new Map();
bodies.forEach((size, i) => {
  const parts = path(names.get(imports + i));
  const key = only ? (parts[0] === only ? parts.slice(0, 3).join('::') : null) : parts[0];
  if (key) by.set(key, (by.get(key) || 0) + size);
});
console.log(`${file}: ${b.length} bytes`);
for (const [k, v] of Object.entries(sections).sort((x, y) => y[1] - x[1])) console.log(`  section ${k}: ${v}`);
console.log(`code bodies: ${total} bytes in ${bodies.length} functions (${names.size ? 'named' : 'no name section'})`);
for (const [k, v] of [...by].sort((x, y) => y[1] - x[1]).slice(0, top)) {
  console.log(`  ${(100 * v / total).toFixed(1).padStart(5)} %  ${String(v).padStart(8)}  ${k}`);
}
