/**
 * The workflow controller of the test Argo server: stores objects with Kubernetes-style resourceVersions,
 * records watch events, and moves each workflow Pending -> Running -> Succeeded/Failed over ticks,
 * creating nodes and pods (steps run group by group, DAG tasks level by level), writing pod logs, and
 * honouring template memoization (a cache hit completes the node without running a pod).
 *
 * A container fails when its command, args or script contain `exit N` (N > 0), after parameter
 * substitution, so tests choose the outcome through parameters. `echo` prints its arguments.
 *
 * @example
 * ```ts
 * const engine = new Engine({ tickMs: 20 });
 * engine.addWorkflow('argo', wf);
 * engine.on('event', (e) => console.log(e.type, e.object.status?.phase));
 * ```
 */
import { EventEmitter } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import { planWorkflow, podNameFor, substitute, type Leaf } from './plan.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WatchEventRecord {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  namespace: string;
  object: Json;
}

export interface LogRecord {
  namespace: string;
  workflow: string;
  podName: string;
  content: string;
}

interface Sim {
  waves: Leaf[][];
  next: number;
  running?: Leaf[];
  ticksInPhase: number;
  /** Pods that succeeded before a retry and are kept, not run again (they count in the progress). */
  carried: number;
}

export interface EngineOptions {
  /** Milliseconds per simulation step (default 100). */
  tickMs?: number;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const suffix = () => randomBytes(3).toString('hex').slice(0, 5);

export class Engine extends EventEmitter {
  readonly tickMs: number;
  #rv = 1000;
  readonly workflows = new Map<string, Json>();
  readonly templates = new Map<string, Json>();
  readonly clusterTemplates = new Map<string, Json>();
  readonly cronWorkflows = new Map<string, Json>();
  /** `${namespace}/${configMap}/${key}` -> cached outputs. */
  readonly memo = new Map<string, { outputs: Json; nodeId: string }>();
  readonly events: WatchEventRecord[] = [];
  readonly logs: LogRecord[] = [];
  readonly #sims = new Map<string, Sim>();
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: EngineOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.tickMs = opts.tickMs ?? 100;
  }

  nextRv(): string {
    return String(++this.#rv);
  }

  get resourceVersion(): string {
    return String(this.#rv);
  }

  start(): void {
    this.#timer ??= setInterval(() => this.tick(), this.tickMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Stamp metadata (name from generateName, uid, resourceVersion, creationTimestamp). */
  stampNew(obj: Json, namespace: string | undefined): Json {
    const meta = (obj.metadata ??= {});
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${suffix()}`;
    if (namespace) meta.namespace = namespace;
    meta.uid = randomUUID();
    meta.resourceVersion = this.nextRv();
    meta.creationTimestamp = now();
    meta.generation = 1;
    return obj;
  }

  #record(type: WatchEventRecord['type'], wf: Json): void {
    const rec: WatchEventRecord = { rv: Number(wf.metadata.resourceVersion), type, namespace: wf.metadata.namespace, object: structuredClone(wf) };
    this.events.push(rec);
    if (this.events.length > 10_000) this.events.shift();
    this.emit('event', rec);
  }

  #touch(wf: Json): void {
    wf.metadata.resourceVersion = this.nextRv();
    const phase = wf.status?.phase;
    wf.metadata.labels = { ...(wf.metadata.labels ?? {}) };
    if (phase) wf.metadata.labels['workflows.argoproj.io/phase'] = phase;
    if (['Succeeded', 'Failed', 'Error'].includes(phase)) wf.metadata.labels['workflows.argoproj.io/completed'] = 'true';
    else wf.metadata.labels['workflows.argoproj.io/completed'] = 'false';
    this.#record('MODIFIED', wf);
  }

  /** Add a validated workflow whose spec is complete (`resolvedSpec` for workflowTemplateRef ones). */
  addWorkflow(namespace: string, wf: Json, resolvedSpec?: Json, carried?: Json): Json {
    this.stampNew(wf, namespace);
    wf.status = {};
    if (resolvedSpec) wf.status.storedWorkflowTemplateSpec = resolvedSpec;
    wf.metadata.labels = { ...(wf.metadata.labels ?? {}), 'workflows.argoproj.io/completed': 'false' };
    wf.metadata.annotations = { ...(wf.metadata.annotations ?? {}), 'workflows.argoproj.io/pod-name-format': 'v2' };
    this.workflows.set(`${namespace}/${wf.metadata.name}`, wf);
    this.#sims.set(`${namespace}/${wf.metadata.name}`, this.#plan(wf, resolvedSpec ?? wf.spec, carried));
    this.#record('ADDED', wf);
    return wf;
  }

  deleteWorkflow(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const wf = this.workflows.get(key);
    if (!wf) return;
    this.workflows.delete(key);
    this.#sims.delete(key);
    wf.metadata.resourceVersion = this.nextRv();
    this.#record('DELETED', wf);
  }

  /** Apply a change to a stored workflow and publish it (MODIFIED). */
  update(wf: Json, change: (wf: Json) => void): Json {
    change(wf);
    this.#touch(wf);
    return wf;
  }

  /** Reset failed nodes of a finished workflow so the simulation runs them again (retry). */
  retry(wf: Json, params: Map<string, string>, restartSuccessful: boolean): Json {
    const key = `${wf.metadata.namespace}/${wf.metadata.name}`;
    for (const p of wf.spec.arguments?.parameters ?? []) if (params.has(p.name)) p.value = params.get(p.name);
    const spec = wf.status.storedWorkflowTemplateSpec ?? wf.spec;
    if (wf.status.storedWorkflowTemplateSpec) {
      for (const p of spec.arguments?.parameters ?? []) if (params.has(p.name)) p.value = params.get(p.name);
    }
    const keep: Json = {};
    for (const n of Object.values<Json>(wf.status.nodes ?? {})) {
      if (n.type === 'Pod' && n.phase === 'Succeeded' && !restartSuccessful) keep[String(n.name).slice(wf.metadata.name.length)] = n;
    }
    return this.update(wf, (w) => {
      w.status = { phase: 'Running', startedAt: w.status.startedAt, storedWorkflowTemplateSpec: w.status.storedWorkflowTemplateSpec, nodes: {} };
      delete w.spec.shutdown;
      this.#sims.set(key, this.#plan(w, spec, keep));
    });
  }

  #plan(wf: Json, spec: Json, carried?: Json): Sim {
    const { nodes, waves } = planWorkflow(wf, spec, carried);
    wf.status.nodes = nodes;
    return { waves, next: 0, ticksInPhase: 0, carried: Object.keys(carried ?? {}).length };
  }

  /** One simulation step for every unfinished, unsuspended workflow. */
  tick(): void {
    for (const [key, sim] of this.#sims) {
      const wf = this.workflows.get(key);
      if (!wf) continue;
      const st = wf.status;
      if (['Succeeded', 'Failed', 'Error'].includes(st.phase)) continue;
      if (wf.spec.suspend) continue;
      if (!st.phase) {
        this.update(wf, (w) => (w.status.phase = 'Pending'));
      } else if (st.phase === 'Pending') {
        this.update(wf, (w) => {
          w.status.phase = 'Running';
          w.status.startedAt = now();
          w.status.progress = `${sim.carried}/${sim.carried + sim.waves.flat().length}`;
        });
      } else if (wf.spec.shutdown) {
        this.#finish(wf, sim, 'Failed', `Stopped with strategy '${wf.spec.shutdown}'`);
      } else if (!sim.running) {
        const wave = sim.waves[sim.next];
        if (!wave) {
          this.#finish(wf, sim, 'Succeeded');
          continue;
        }
        this.update(wf, (w) => this.#startWave(w, wave, sim));
      } else {
        const failed = this.#endWave(wf, sim);
        if (failed) this.#finish(wf, sim, 'Failed', failed);
      }
    }
  }

  #memoKey(wf: Json, leaf: Leaf): string | undefined {
    const m = leaf.template.memoize;
    if (!m?.key) return undefined;
    return `${wf.metadata.namespace}/${m.cache?.configMap?.name ?? ''}/${substitute(m.key, leaf.vars)}`;
  }

  #startWave(wf: Json, wave: Leaf[], sim: Sim): void {
    sim.running = [];
    for (const leaf of wave) {
      const node = wf.status.nodes[leaf.nodeId];
      node.startedAt = now();
      const mk = this.#memoKey(wf, leaf);
      const hit = mk ? this.memo.get(mk) : undefined;
      if (mk) node.memoizationStatus = { hit: Boolean(hit), key: mk.split('/').slice(2).join('/'), cacheName: leaf.template.memoize.cache?.configMap?.name ?? '' };
      if (hit) {
        Object.assign(node, { phase: 'Succeeded', finishedAt: now(), outputs: hit.outputs, message: 'cached' });
        continue;
      }
      node.phase = 'Running';
      this.#log(wf, podNameFor(wf.metadata.name, node), `time="${node.startedAt}" level=info msg="starting ${leaf.template.container?.image ?? leaf.template.script?.image ?? 'pod'}"`);
      sim.running.push(leaf);
    }
    this.#markParents(wf, 'Running');
  }

  /** Finish the running wave; returns a failure message when a pod failed. */
  #endWave(wf: Json, sim: Sim): string | undefined {
    let failure: string | undefined;
    this.update(wf, (w) => {
      for (const leaf of sim.running ?? []) {
        const node = w.status.nodes[leaf.nodeId];
        const c = leaf.template.container ?? leaf.template.script ?? {};
        const words = [...(c.command ?? []), ...(c.args ?? [])].map((s: string) => substitute(String(s), leaf.vars));
        const source = substitute(String(c.source ?? ''), leaf.vars);
        const code = Number(/\bexit\s+([1-9]\d*)/.exec(`${words.join(' ')} ${source}`)?.[1] ?? 0);
        const out = words[0] === 'echo' || words[0] === 'cowsay' ? words.slice(1).join(' ') : `ran: ${words.join(' ')}${source ? ` ${source.trim()}` : ''}`;
        this.#log(w, podNameFor(w.metadata.name, node), out);
        node.finishedAt = now();
        node.outputs = { exitCode: String(code) };
        if (code) {
          node.phase = 'Failed';
          node.message = `Error (exit code ${code})`;
          failure ??= `child '${node.id}' failed`;
          this.#log(w, podNameFor(w.metadata.name, node), `time="${node.finishedAt}" level=error msg="exit code ${code}"`);
        } else {
          node.phase = 'Succeeded';
          const mk = this.#memoKey(w, leaf);
          if (mk) this.memo.set(mk, { outputs: node.outputs, nodeId: node.id });
        }
      }
      sim.running = undefined;
      sim.next += 1;
      const pods = Object.values<Json>(w.status.nodes).filter((n) => n.type === 'Pod');
      w.status.progress = `${pods.filter((n) => n.phase === 'Succeeded').length}/${sim.carried + sim.waves.flat().length}`;
    });
    return failure;
  }

  #markParents(wf: Json, phase: string): void {
    for (const n of Object.values<Json>(wf.status.nodes)) {
      if (n.type !== 'Pod' && n.phase === 'Pending' && n.children?.some((c: string) => wf.status.nodes[c]?.phase !== 'Pending')) {
        n.phase = phase;
        n.startedAt ??= now();
      }
    }
    const root = wf.status.nodes[wf.metadata.name];
    if (root && root.phase === 'Pending') root.phase = phase;
  }

  #finish(wf: Json, sim: Sim, phase: 'Succeeded' | 'Failed', message?: string): void {
    this.update(wf, (w) => {
      const t = now();
      for (const n of Object.values<Json>(w.status.nodes)) {
        if (n.phase === 'Running' || (n.phase === 'Pending' && n.type === 'Pod' && phase === 'Failed')) {
          n.phase = phase === 'Failed' && n.type === 'Pod' ? 'Failed' : phase;
          if (w.spec.shutdown && n.type === 'Pod') n.message = `workflow shutdown with strategy:  ${w.spec.shutdown}`;
        }
        if (n.type !== 'Pod' && n.phase !== 'Pending') n.phase = phase;
        if (n.phase !== 'Pending') n.finishedAt ??= t;
      }
      for (const [id, n] of Object.entries<Json>(w.status.nodes)) if (n.phase === 'Pending') delete w.status.nodes[id];
      for (const n of Object.values<Json>(w.status.nodes)) if (n.children) n.children = n.children.filter((c: string) => w.status.nodes[c]);
      w.status.phase = phase;
      w.status.finishedAt = t;
      if (message) w.status.message = message;
      sim.running = undefined;
    });
  }

  #log(wf: Json, podName: string, content: string): void {
    const rec = { namespace: wf.metadata.namespace, workflow: wf.metadata.name, podName, content };
    this.logs.push(rec);
    this.emit('log', rec);
  }
}
