"""Writes JavaClient.kt beside UniFFI's Kotlin bindings: the JVM API for Java.

Java cannot call a Kotlin `suspend` function (it would have to write a
`Continuation`), nor pass Kotlin's unsigned types (their methods and
constructors are name-mangled). From the generated `ClientInterface` and
`ClientConfig` this writes, in package `io.chatplatform`:

- `JavaClient`: every `suspend` operation of `Client` twice, blocking
  (`getUser`) and as a `CompletableFuture` (`getUserAsync`: cancelling the
  future stops the call in the core), default arguments as Java overloads,
  `ChatPlatformException` declared (the bulk calls through the hand-written
  `registerUsers`, ..., which a cancelled future stops, not drops); `iterUsers`, `iterContacts`, `iterMutes`
  as lazy `java.util.stream.Stream`s, a page fetched as the stream needs it;
  `registerUsersStream`, `usersStatusStream`, `usersAttributesStream` from any
  `Iterable` (read as the work needs it) as `Stream`s of batches.
- `ClientConfigBuilder`: a `ClientConfig` from Java, every setting a setter
  taking `long`/`int` where the record holds an unsigned number (a negative
  one is an `IllegalArgumentException` naming the setting).

    python3 bindings/kotlin_java.py GENERATED.kt OUT.kt

Fails (exit 1) when UniFFI's output no longer has the shapes read here.
"""

from __future__ import annotations

import re
import sys

UNSIGNED = {"kotlin.ULong": ("kotlin.Long", "toULong"), "kotlin.UInt": ("kotlin.Int", "toUInt")}
# Pagers, as Java streams: (Java name, Client's pager method, element type).
PAGERS = [("iterUsers", "pages", "User"), ("iterContacts", "contactPages", "Contact"),
          ("iterMutes", "mutePages", "MuteEntry")]
# Bulk streams, as Java streams of batches: (Client's stream method, the input's
# element type and name, the source adapter, the batch type, extra parameters).
BATCHES = [("registerUsersStream", "NewUser", "users", "asUserSource", "RegisterBatch", ""),
           ("usersStatusStream", "String", "usernames", "asNameSource", "StatusBatch", ""),
           ("usersAttributesStream", "String", "usernames", "asNameSource", "AttributesBatch", "keys: List<String>, ")]


def split_params(text: str) -> list[str]:
    """Top-level comma split (types hold `Map<A, B>`)."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def param(p: str) -> tuple[str, str, str | None]:
    m = re.fullmatch(r"`(\w+)`: (.+?)(?: = (.+))?", p)
    if not m:
        raise SystemExit(f"kotlin_java.py: cannot read the parameter {p!r}")
    return m.group(1), m.group(2), m.group(3)


def java_type(t: str) -> tuple[str, str]:
    """The facade's type for a parameter, and how the argument is converted."""
    nullable = t.endswith("?")
    base = t.rstrip("?")
    if base in UNSIGNED:
        signed, conv = UNSIGNED[base]
        return signed + ("?" if nullable else ""), ("?." if nullable else ".") + conv + "()"
    return t, ""


def operations(src: str, suspend: bool = True) -> list[tuple[str, list[tuple[str, str, str | None]], str]]:
    """`ClientInterface`'s `suspend` functions (or its plain ones): name, parameters, return type."""
    body = re.search(r"^public interface ClientInterface \{\n(.*?)^\}", src, re.S | re.M)
    if not body:
        raise SystemExit("kotlin_java.py: no ClientInterface in the generated Kotlin")
    ops = []
    prefix = r"suspend fun" if suspend else r"fun"
    for m in re.finditer(rf"^\s*{prefix} `(\w+)`\((.*)\)(?:: (.+))?$", body.group(1), re.M):
        ops.append((m.group(1), [param(p) for p in split_params(m.group(2))], (m.group(3) or "Unit").strip()))
    if suspend and len(ops) < 40:
        raise SystemExit(f"kotlin_java.py: only {len(ops)} suspend operations found in ClientInterface")
    return ops


def config_fields(src: str) -> list[tuple[str, str, str]]:
    body = re.search(r"^data class ClientConfig \((.*?)^\): ", src, re.S | re.M)
    if not body:
        raise SystemExit("kotlin_java.py: no ClientConfig in the generated Kotlin")
    fields = []
    for m in re.finditer(r"/\*\*\s*\n(.*?)\*/\s*\n\s*var `(\w+)`: ([^=\n]+?)\s*(?:= [^\n]*)?\n", body.group(1), re.S):
        doc = " ".join(line.strip().lstrip("*").strip() for line in m.group(1).splitlines()).strip()
        fields.append((m.group(2), m.group(3).strip(), doc))
    if not fields or fields[0][0] != "appKey":
        raise SystemExit("kotlin_java.py: ClientConfig's fields have changed shape")
    return fields


def facade(ops, plain) -> str:
    lines = []
    for name, params, ret in ops:
        bulk = name.endswith("Until") and params and params[-1][0] == "stop"
        if bulk:
            # The bulk calls a cancelled coroutine stops rather than drops:
            # the hand-written `registerUsers` over `registerUsersUntil`.
            name, params = name[: -len("Until")], params[:-1]
            ref = f"io.chatplatform.{name}"
        else:
            ref = f"Client.{name}"
        decl, args = [], []
        for pname, ptype, default in params:
            jt, conv = java_type(ptype)
            decl.append(f"{pname}: {jt}" + (f" = {default}" if default else ""))
            args.append(f"{pname}{conv}")
        d, a = ", ".join(decl), ", ".join(args)
        overloads = "    @JvmOverloads\n" if any(p[2] for p in params) else ""
        lines.append(f"    /** [{ref}], blocking the calling thread until it ends. */\n{overloads}"
                     f"    @Throws(ChatPlatformException::class)\n"
                     f"    fun {name}({d}): {ret} = runBlocking {{ client.{name}({a}) }}\n")
        if bulk:
            lines.append(f"    /**\n"
                         f"     * [{ref}] as a `CompletableFuture`; cancelling it stops the call, and the\n"
                         f"     * future completes with a [BulkCancellationException] (what `get()` throws) whose\n"
                         f"     * `partial` holds what was answered before.\n"
                         f"     */\n{overloads}"
                         f"    fun {name}Async({d}): CompletableFuture<{ret}> = bulkFuture {{ client.{name}({a}) }}\n")
        else:
            lines.append(f"    /** [{ref}] as a `CompletableFuture`; cancelling it stops the call. */\n{overloads}"
                         f"    fun {name}Async({d}): CompletableFuture<{ret}> = coroutines.future {{ client.{name}({a}) }}\n")
    pagers = {name: params for name, params, _ in plain}
    for jname, pager, item in PAGERS:
        if pager not in pagers:
            raise SystemExit(f"kotlin_java.py: ClientInterface has no {pager}")
        params = pagers[pager]
        d = ", ".join(f"{n}: {t}" + (" = 100" if n == "pageSize" else "") for n, t, _ in params)
        a = ", ".join(n for n, _, _ in params)
        lines.append(f"    /** Every item, a page of `pageSize` fetched as the stream needs it ([Client.{pager}]). */\n"
                     f"    @JvmOverloads\n"
                     f"    @Throws(ChatPlatformException::class)\n"
                     f"    fun {jname}({d}): Stream<{item}> = pagedStream {{ client.{pager}({a}).let {{ p -> suspend {{ p.nextPage() }} }} }}\n")
    for method, item, name, adapter, batch, extra in BATCHES:
        if method not in pagers:
            raise SystemExit(f"kotlin_java.py: ClientInterface has no {method}")
        args = "keys, " if extra else ""
        lines.append(f"    /** [Client.{method}] from any `Iterable` (read as the work needs it): each batch as it completes. */\n"
                     f"    @JvmOverloads\n"
                     f"    @Throws(ChatPlatformException::class)\n"
                     f"    fun {method}({name}: Iterable<{item}>, {extra}total: Long? = null): Stream<{batch}> {{\n"
                     f"        val batches = client.{method}({name}.asSequence().{adapter}(), {args}total)\n"
                     f"        return pagedStream {{ suspend {{ batches.next()?.let {{ listOf(it) }} }} }}.onClose {{ batches.close() }}\n"
                     f"    }}\n")
    return "\n".join(lines)


def builder(fields) -> str:
    lines = []
    for name, ftype, doc in fields[1:]:
        base = ftype.rstrip("?")
        if base in UNSIGNED:
            signed, conv = UNSIGNED[base]
            lines.append(
                f"    /** {doc} */\n"
                f"    fun {name}(value: {signed}) = apply {{\n"
                f"        require(value >= 0) {{ \"ClientConfigBuilder.{name}: must be 0 or more, not $value\" }}\n"
                f"        config = config.copy({name} = value.{conv}())\n"
                f"    }}\n")
        else:
            lines.append(f"    /** {doc} */\n    fun {name}(value: {base}) = apply {{ config = config.copy({name} = value) }}\n")
    return "\n".join(lines)


def main() -> None:
    src = open(sys.argv[1]).read()
    out = f'''// Generated by bindings/kotlin_java.py from UniFFI's bindings (bindings/generate.sh): edit the script.
@file:Suppress("ktlint")

package io.chatplatform

import java.util.Spliterator
import java.util.Spliterators
import java.util.concurrent.CompletableFuture
import java.util.stream.Stream
import java.util.stream.StreamSupport
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The client for Java: every operation of [Client] as a blocking method
 * (`getUser`) and as a `CompletableFuture` (`getUserAsync`; cancelling the
 * future stops the call in the core, no further attempt), and the paged
 * listings as lazy `Stream`s. Errors are [ChatPlatformException]s (a future
 * completes exceptionally with one). The blocking methods are for Java
 * threads: from Kotlin coroutines call [client]'s suspend functions instead
 * (a blocking call there holds the coroutine's thread until it ends).
 * Safe to share between threads; close it
 * (try-with-resources) to release the connection pool.
 */
class JavaClient @JvmOverloads constructor(
    config: ClientConfig,
    credentials: Credentials,
    onEvent: EventListener? = null,
) : AutoCloseable {{
    /** The Kotlin client underneath, for coroutines. */
    val client: Client = Client(config, credentials, onEvent)
    private val coroutines = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /** The base URL in use. */
    fun baseUrl(): String = client.baseUrl()

    /** The app key, `org#app`. */
    fun appKey(): String = client.appKey()

    /** Cancels the calls still running (their futures complete cancelled) and releases the client. */
    override fun close() {{
        coroutines.cancel()
        client.close()
    }}

    /**
     * A bulk call's future: cancelled, it cancels the call, waits the moment the
     * call takes to stop, and completes with the call's [BulkCancellationException]
     * (a `CancellationException`: `isCancelled()` is true) and its partial result.
     */
    private class BulkFuture<T> : CompletableFuture<T>() {{
        @Volatile var job: Job? = null

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {{
            job?.let {{ j ->
                j.cancel()
                runBlocking {{ j.join() }}
            }}
            return super.cancel(mayInterruptIfRunning) || isCancelled
        }}
    }}

    private fun <T> bulkFuture(call: suspend () -> T): CompletableFuture<T> {{
        val future = BulkFuture<T>()
        val job =
            coroutines.launch {{
                try {{
                    future.complete(call())
                }} catch (e: Throwable) {{
                    future.completeExceptionally(e)
                }}
            }}
        // Cancelled before it started (`close()`): a plain cancellation.
        job.invokeOnCompletion {{ cause -> if (cause != null) future.completeExceptionally(cause) }}
        future.job = job
        return future
    }}

    private fun <T> pagedStream(open: () -> suspend () -> List<T>?): Stream<T> {{
        val next = open()
        val items =
            object : Iterator<T> {{
                private val buffer = ArrayDeque<T>()
                private var done = false

                override fun hasNext(): Boolean {{
                    while (buffer.isEmpty() && !done) {{
                        val page = runBlocking {{ next() }}
                        if (page == null) done = true else buffer.addAll(page)
                    }}
                    return buffer.isNotEmpty()
                }}

                override fun next(): T = if (hasNext()) buffer.removeFirst() else throw NoSuchElementException()
            }}
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false)
    }}

{facade(operations(src), operations(src, suspend=False))}}}

/**
 * A [ClientConfig] for Java, whose unsigned settings Java cannot set:
 * `new ClientConfigBuilder("org#app").baseUrl(url).requestTimeoutMs(5000).build()`.
 * Each setting is the [ClientConfig] field of the same name.
 */
class ClientConfigBuilder(appKey: String) {{
    private var config = ClientConfig(appKey = appKey)

    /** The configuration. */
    fun build(): ClientConfig = config

{builder(config_fields(src))}}}
'''
    open(sys.argv[2], "w").write(out)


if __name__ == "__main__":
    main()
