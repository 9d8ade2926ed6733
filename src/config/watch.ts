import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '../log/index.ts';
import { ConfigError, formatIssue, loadConfigFile } from './load.ts';
import type { KeelConfig } from './schema.ts';

export interface ConfigWatcherOptions {
  file: string;
  logger: Logger;
  /** Applies a validated config; throwing rejects it (the old config stays). */
  apply: (config: KeelConfig) => void | Promise<void>;
  debounceMs?: number;
  /** Told about every outcome, for metrics. */
  onResult?: (ok: boolean) => void;
}

export interface ConfigWatcher {
  /** Re-reads the file now (SIGHUP, API). Resolves true when the new config was applied. */
  reload(): Promise<boolean>;
  close(): void;
}

/**
 * Hot reload: on file change (debounced: editors write in several steps) or SIGHUP, load and
 * validate the file; apply it only if valid. A bad config is logged with file:line and ignored, so
 * a typo never takes the gateway down. In-flight requests keep the runtime they started with.
 */
export function watchConfig(options: ConfigWatcherOptions): ConfigWatcher {
  const { file, logger } = options;
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> = Promise.resolve(true);

  const reload = (): Promise<boolean> => {
    running = running.then(async () => {
      try {
        const config = loadConfigFile(file);
        await options.apply(config);
        logger.info({ file }, 'config reloaded');
        options.onResult?.(true);
        return true;
      } catch (error) {
        const detail = error instanceof ConfigError ? error.issues.map(formatIssue) : [String(error)];
        logger.error({ file, issues: detail }, 'config reload rejected; keeping the previous config');
        options.onResult?.(false);
        return false;
      }
    });
    return running;
  };

  let watcher: FSWatcher | undefined;
  try {
    // Watch the file itself; editors that replace the file (rename) end the watch, so re-arm on rename.
    const arm = (): void => {
      watcher = watch(file, { persistent: false }, (event) => {
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), debounceMs);
        if (event === 'rename') {
          watcher?.close();
          setTimeout(() => {
            try {
              arm();
            } catch {
              logger.warn({ file }, 'config file disappeared; watching stopped until SIGHUP');
            }
          }, debounceMs);
        }
      });
    };
    arm();
  } catch (error) {
    logger.warn({ file, err: String(error) }, 'cannot watch config file; use SIGHUP to reload');
  }
  const onHup = (): void => void reload();
  process.on('SIGHUP', onHup);

  return {
    reload,
    close() {
      clearTimeout(timer);
      watcher?.close();
      process.off('SIGHUP', onHup);
    },
  };
}
