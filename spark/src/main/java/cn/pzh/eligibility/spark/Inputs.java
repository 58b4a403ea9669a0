package cn.pzh.eligibility.spark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Households as records with the file and line they came from. JSON Lines are read as Hadoop splits (any Hadoop
 * path, several files or a directory), split on LF only with a CR before it dropped, as the CLI reads them. The line
 * number of a record is its split's lines-before (a first, cheap pass counts each split's lines) plus its place in
 * the split. Parquet rows are turned into the same JSON text; their "line" is the row's number in the input, from 1.
 */
final class Inputs {

    private Inputs() {
    }

    /** @param splitBytes the largest split (so the partitions) to cut the JSON Lines input into */
    static JavaRDD<Evaluation.Source> jsonLines(SparkSession spark, String paths, long splitBytes) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = new Configuration(jsc.hadoopConfiguration());
        conf.set("textinputformat.record.delimiter", "\n");
        conf.setLong("mapreduce.input.fileinputformat.split.maxsize", splitBytes);
        conf.setLong("mapreduce.input.fileinputformat.split.minsize", 1);
        conf.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> raw = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(paths,
                TextInputFormat.class, LongWritable.class, Text.class, conf);

        // Pass 1: how many lines each split holds.
        List<Tuple2<String, long[]>> counts = raw.mapPartitionsWithInputSplit((split, it) -> {
            FileSplit fs = (FileSplit) split;
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return List.of(new Tuple2<>(fs.getPath().toString(), new long[] {fs.getStart(), n})).iterator();
        }, true).collect();
        Map<String, TreeMap<Long, Long>> byFile = new HashMap<>();
        for (Tuple2<String, long[]> c : counts) {
            byFile.computeIfAbsent(c._1(), k -> new TreeMap<>()).merge(c._2()[0], c._2()[1], Long::sum);
        }
        Map<String, Long> linesBefore = new HashMap<>();
        byFile.forEach((file, splits) -> {
            long sum = 0;
            for (Map.Entry<Long, Long> s : splits.entrySet()) {
                linesBefore.put(file + "@" + s.getKey(), sum);
                sum += s.getValue();
            }
        });
        Broadcast<Map<String, Long>> before = jsc.broadcast(linesBefore);

        // Pass 2: the records, numbered.
        return raw.mapPartitionsWithInputSplit((split, it) -> {
            FileSplit fs = (FileSplit) split;
            String file = fs.getPath().toString();
            long first = before.value().getOrDefault(file + "@" + fs.getStart(), 0L);
            return new Iterator<Evaluation.Source>() {
                long line = first;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Evaluation.Source next() {
                    Text t = it.next()._2();
                    int len = t.getLength();
                    byte[] b = t.getBytes();
                    if (len > 0 && b[len - 1] == '\r') {
                        len--;
                    }
                    String text = new String(b, 0, len, StandardCharsets.UTF_8);
                    line++;
                    if (line == 1 && text.startsWith("\uFEFF")) {
                        text = text.substring(1); // a byte-order mark some editors write
                    }
                    return new Evaluation.Source(file, line, text);
                }
            };
        }, true);
    }

    static JavaRDD<Evaluation.Source> parquet(SparkSession spark, String paths) {
        Dataset<Row> df = spark.read().parquet(paths.split(","));
        Dataset<Row> json = df.select(functions.input_file_name().as("file"),
                functions.to_json(functions.struct(df.col("*"))).as("text"));
        return json.javaRDD().zipWithIndex()
                .map(t -> new Evaluation.Source(t._1().getString(0), t._2() + 1, t._1().getString(1)));
    }

    static List<String> list(String paths) {
        List<String> l = new ArrayList<>();
        for (String p : paths.split(",")) {
            l.add(p.trim());
        }
        return l;
    }
}
