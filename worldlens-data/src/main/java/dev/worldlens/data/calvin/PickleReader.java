package dev.worldlens.data.calvin;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal pickle (protocol 2 to 5) reader for the data CALVIN's {@code auto_lang_ann.npy} holds: dicts, lists,
 * tuples, str, int, float, bool, None and bytes. It never runs code: a class or function reference becomes a
 * {@link Call} holding its arguments and state, which the caller may look into. Two NumPy cases are understood
 * because CALVIN uses them: a numpy scalar ({@code numpy.core.multiarray.scalar(dtype, bytes)}) becomes a Long or
 * Double, and an ndarray stays a Call (so the object array np.save wraps around the dict can be unwrapped with
 * {@link #unwrapObjectArray}). Anything else unknown (an opcode of protocol 0/1, a persistent id) is an error.
 */
public final class PickleReader {
    /** A reference to module.name, as GLOBAL/STACK_GLOBAL push it. */
    public record Global(String module, String name) {
    }

    /** The result of calling a Global (REDUCE/NEWOBJ), with the state BUILD gave it, if any. */
    public static final class Call {
        final Global function;
        final List<Object> args;
        Object state;

        Call(Global function, List<Object> args) {
            this.function = function;
            this.args = args;
        }

        public Global function() {
            return function;
        }

        public List<Object> args() {
            return args;
        }

        public Object state() {
            return state;
        }
    }

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private PickleReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads one pickled value; throws IllegalArgumentException saying which opcode or byte offset failed. */
    public static Object load(byte[] bytes) {
        try {
            return new PickleReader(bytes).run();
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("pickle is truncated");
        } catch (java.util.NoSuchElementException | ClassCastException e) {
            throw new IllegalArgumentException("malformed pickle: " + e.getMessage());
        }
    }

    /** The single element of a pickled 0-d object ndarray (what np.save writes for a dict), else o itself. */
    public static Object unwrapObjectArray(Object o) {
        if (o instanceof Call c && c.function.name().equals("_reconstruct") && c.state instanceof List<?> st
                && !st.isEmpty() && st.get(st.size() - 1) instanceof List<?> items && items.size() == 1) {
            return items.get(0);
        }
        return o;
    }

    private Object run() {
        while (true) {
            int pos = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME: framing is only a read-ahead hint
                case '(' -> { marks.push(stack.size()); stack.push(MARK); }
                case ')' -> stack.push(List.of());
                case ']' -> stack.push(new ArrayList<>());
                case '}' -> stack.push(new LinkedHashMap<>());
                case 0x8f -> stack.push(new ArrayList<>()); // EMPTY_SET, kept as a list
                case 'N' -> stack.push(NullValue.NULL);
                case 0x88 -> stack.push(Boolean.TRUE);
                case 0x89 -> stack.push(Boolean.FALSE);
                case 'K' -> stack.push((long) (in.get() & 0xff));
                case 'M' -> stack.push((long) (in.getShort() & 0xffff));
                case 'J' -> stack.push((long) in.getInt());
                case 0x8a -> stack.push(longN(in.get() & 0xff));
                case 0x8b -> stack.push(longN(in.getInt()));
                case 'G' -> { // BINFLOAT is the one big-endian value
                    in.order(ByteOrder.BIG_ENDIAN);
                    stack.push(in.getDouble());
                    in.order(ByteOrder.LITTLE_ENDIAN);
                }
                case 'X' -> stack.push(text(in.getInt()));
                case 0x8c -> stack.push(text(in.get() & 0xff));
                case 0x8d -> stack.push(text(length(in.getLong())));
                case 'C', 'U' -> stack.push(bytes(in.get() & 0xff, op == 'U'));
                case 'B', 'T' -> stack.push(bytes(in.getInt(), op == 'T'));
                case 0x8e -> stack.push(bytes(length(in.getLong()), false));
                case 't' -> stack.push(java.util.Collections.unmodifiableList(nullsOut(popMark())));
                case 0x85 -> stack.push(tuple(1));
                case 0x86 -> stack.push(tuple(2));
                case 0x87 -> stack.push(tuple(3));
                case 'a' -> { Object v = unwrapNull(stack.pop()); list(stack.peek()).add(v); }
                case 'e', 0x90 -> { List<Object> items = nullsOut(popMark()); list(stack.peek()).addAll(items); }
                case 's' -> { Object v = unwrapNull(stack.pop()); Object k = stack.pop(); dict(stack.peek()).put(k, v); }
                case 'u' -> {
                    List<Object> items = nullsOut(popMark());
                    Map<Object, Object> d = dict(stack.peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        d.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'q' -> memo.put(in.get() & 0xff, stack.peek());
                case 'r' -> memo.put(in.getInt(), stack.peek());
                case 0x94 -> memo.put(memo.size(), stack.peek());
                case 'h' -> stack.push(memoGet(in.get() & 0xff));
                case 'j' -> stack.push(memoGet(in.getInt()));
                case 'c' -> stack.push(new Global(line(), line()));
                case 0x93 -> { String name = (String) stack.pop(); stack.push(new Global((String) stack.pop(), name)); }
                case 'R', 0x81 -> {
                    List<Object> args = (List<Object>) stack.pop();
                    stack.push(call((Global) stack.pop(), args));
                }
                case 'b' -> {
                    Object state = unwrapNull(stack.pop());
                    if (stack.peek() instanceof Call c) {
                        c.state = state;
                    }
                }
                case '0' -> stack.pop();
                case '1' -> popMark();
                case '2' -> stack.push(stack.peek());
                case '.' -> { return unwrapNull(stack.pop()); }
                default -> throw new IllegalArgumentException("unsupported pickle opcode 0x" + Integer.toHexString(op)
                        + " at byte " + pos);
            }
        }
    }

    /** ArrayDeque refuses null, so None travels as a marker until it is taken out. */
    private enum NullValue { NULL }

    private static Object unwrapNull(Object o) {
        return o == NullValue.NULL ? null : o;
    }

    private static List<Object> nullsOut(List<Object> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object o : items) {
            out.add(o == NullValue.NULL ? null : o);
        }
        return out;
    }

    private Object call(Global g, List<Object> args) {
        // numpy scalars (CALVIN's start/end ids are numpy int64) are turned into Java numbers
        if (g.name().equals("scalar") && g.module().startsWith("numpy") && args.size() == 2
                && args.get(0) instanceof Call dtype && !dtype.args.isEmpty() && args.get(1) instanceof byte[] b) {
            ByteBuffer v = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            switch (String.valueOf(dtype.args.get(0))) {
                case "i8", "u8": return v.getLong();
                case "i4": return (long) v.getInt();
                case "u4": return v.getInt() & 0xffffffffL;
                case "f8": return v.getDouble();
                case "f4": return (double) v.getFloat();
                default: break;
            }
        }
        return new Call(g, args);
    }

    private List<Object> tuple(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = unwrapNull(stack.pop());
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(items));
    }

    private List<Object> popMark() {
        int size = marks.pop();
        List<Object> items = new ArrayList<>();
        while (stack.size() > size + 1) {
            items.add(0, stack.pop());
        }
        stack.pop(); // the mark itself
        return items;
    }

    private Object memoGet(int key) {
        Object o = memo.get(key);
        if (o == null) {
            throw new IllegalArgumentException("pickle refers to memo entry " + key + " which was never stored");
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
        return (Map<Object, Object>) o;
    }

    /**
     * A declared length checked against what the file still holds, before anything is allocated: a corrupt or
     * hostile length (-1, 2^40) is an error naming the offset, not a 2 GB allocation or a NegativeArraySize.
     */
    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("at byte " + in.position() + " the pickle declares " + n + " bytes, but "
                    + in.remaining() + " remain");
        }
        return (int) n;
    }

    private Object longN(int n) {
        byte[] b = new byte[length(n)];
        in.get(b);
        byte[] be = new byte[Math.max(n, 1)];
        for (int i = 0; i < n; i++) {
            be[i] = b[n - 1 - i];
        }
        BigInteger v = n == 0 ? BigInteger.ZERO : new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String text(int n) {
        byte[] b = new byte[length(n)];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private Object bytes(int n, boolean asString) {
        byte[] b = new byte[length(n)];
        in.get(b);
        return asString ? new String(b, StandardCharsets.ISO_8859_1) : b;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        byte c;
        while ((c = in.get()) != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }
}
