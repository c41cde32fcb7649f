/** The part of autocannon 9's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface AutocannonRequest {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }
    interface AutocannonClient {
      setRequests(requests: AutocannonRequest[]): void;
    }
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }
    interface AutocannonOptions {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      pipelining?: number;
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      overallRate?: number;
      setupClient?: (client: AutocannonClient) => void;
      verifyBody?: (body: string) => boolean;
    }
    interface AutocannonResult {
      requests: Histogram;
      latency: Histogram;
      throughput: Histogram;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      duration: number;
      statusCodeStats: Record<string, { count: number }>;
    }
    interface Instance extends PromiseLike<AutocannonResult> {
      stop(): void;
      /** 'start' fires once every connection's requests are built, just before the first is sent. */
      on(event: 'start', listener: () => void): this;
    }
  }
  function autocannon(options: autocannon.AutocannonOptions): autocannon.Instance;
  export = autocannon;
}
