/**
 * A text file's lines, read as a stream: a large file (an earlier run's findings) is never held whole.
 *
 * @module
 */

/**
 * The lines of a UTF-8 text file, without their line ends (`\n` or `\r\n`); a last line without one is
 * included; empty lines are skipped.
 *
 * @param path the file
 * @returns the lines, one at a time
 * @throws Deno's error when the file cannot be opened or read
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const file = await Deno.open(path, { read: true });
  const decoder = new TextDecoder();
  let rest = "";
  try {
    for await (const chunk of file.readable) {
      rest += decoder.decode(chunk, { stream: true });
      let start = 0;
      let end: number;
      while ((end = rest.indexOf("\n", start)) !== -1) {
        const line = rest.slice(start, end).replace(/\r$/, "");
        start = end + 1;
        if (line !== "") yield line;
      }
      rest = rest.slice(start);
    }
    rest += decoder.decode();
    if (rest.replace(/\r$/, "") !== "") yield rest.replace(/\r$/, "");
  } finally {
    try {
      file.close();
    } catch {
      // Already closed by the end of its readable stream.
    }
  }
}
