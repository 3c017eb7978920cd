package dev.worldlens.encoders.external;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny "ViT-like" encoder built in Java with the ONNX protobuf classes, plus a plain-Java reference of what it
 * computes. Input x [B, 3, 8, 8] (NCHW); a 4x4 stride-4 Conv is the patch embedding (3 -> D = 5), giving
 * "fmap" [B, 5, 2, 2]; reshaped and transposed it is "layer1" [B, 4, 5] (2x2 = 4 tokens); "layer2" =
 * Relu(layer1 + c); "pooled" = mean of layer1 over tokens [B, 5].
 */
final class TinyOnnxModel {
    static final int D = 5;
    static final int SIDE = 8;
    static final int PATCH = 4;
    static final int GRID = SIDE / PATCH;
    static final int N = GRID * GRID;

    private TinyOnnxModel() {
    }

    static float weight(int i) {
        return ((i * 37) % 23 - 11) / 20f;
    }

    static float bias(int d) {
        return (d - 2) / 10f;
    }

    static float shift(int d) {
        return (d % 2 == 0 ? -0.3f : 0.2f) * (d + 1);
    }

    static Path write(Path file) throws IOException {
        float[] w = new float[D * 3 * PATCH * PATCH];
        for (int i = 0; i < w.length; i++) {
            w[i] = weight(i);
        }
        float[] b = new float[D];
        float[] c = new float[D];
        for (int d = 0; d < D; d++) {
            b[d] = bias(d);
            c[d] = shift(d);
        }
        GraphProto graph = GraphProto.newBuilder().setName("tiny")
                .addInput(value("x", -1, 3, SIDE, SIDE))
                .addInitializer(floats("w", w, D, 3, PATCH, PATCH))
                .addInitializer(floats("b", b, D))
                .addInitializer(floats("c", c, D))
                .addInitializer(TensorProto.newBuilder().setName("shape").setDataType(TensorProto.DataType.INT64.getNumber())
                        .addDims(3).addInt64Data(0).addInt64Data(D).addInt64Data(N))
                .addNode(NodeProto.newBuilder().setOpType("Conv").addInput("x").addInput("w").addInput("b")
                        .addOutput("fmap").addAttribute(ints("kernel_shape", PATCH, PATCH))
                        .addAttribute(ints("strides", PATCH, PATCH)))
                .addNode(NodeProto.newBuilder().setOpType("Reshape").addInput("fmap").addInput("shape").addOutput("r"))
                .addNode(NodeProto.newBuilder().setOpType("Transpose").addInput("r").addOutput("layer1")
                        .addAttribute(ints("perm", 0, 2, 1)))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("layer1").addInput("c").addOutput("a"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("a").addOutput("layer2"))
                .addNode(NodeProto.newBuilder().setOpType("ReduceMean").addInput("layer1").addOutput("pooled")
                        .addAttribute(ints("axes", 1)).addAttribute(AttributeProto.newBuilder().setName("keepdims")
                                .setType(AttributeProto.AttributeType.INT).setI(0)))
                .addOutput(value("fmap", -1, D, GRID, GRID))
                .addOutput(value("layer1", -1, N, D))
                .addOutput(value("layer2", -1, N, D))
                .addOutput(value("pooled", -1, D))
                .build();
        byte[] bytes = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build().toByteArray();
        Files.write(file, bytes);
        return file;
    }

    /** The reference: tokens [N][D] for one normalised CHW image, at layer 1 or 2. */
    static float[] expected(float[] chw, int layer) {
        float[] out = new float[N * D];
        for (int py = 0; py < GRID; py++) {
            for (int px = 0; px < GRID; px++) {
                for (int d = 0; d < D; d++) {
                    double s = bias(d);
                    for (int ch = 0; ch < 3; ch++) {
                        for (int ky = 0; ky < PATCH; ky++) {
                            for (int kx = 0; kx < PATCH; kx++) {
                                int wi = ((d * 3 + ch) * PATCH + ky) * PATCH + kx;
                                s += weight(wi) * chw[(ch * SIDE + py * PATCH + ky) * SIDE + px * PATCH + kx];
                            }
                        }
                    }
                    float v = (float) s;
                    out[(py * GRID + px) * D + d] = layer == 1 ? v : Math.max(0, v + shift(d));
                }
            }
        }
        return out;
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("B")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static TensorProto floats(String name, float[] data, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : data) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
