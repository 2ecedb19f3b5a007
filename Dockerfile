# One image recipe for both applications: docker build --build-arg MODULE=command-side .
# Stage 1 builds the module's executable jar with the checked-in Maven wrapper.
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY api/ api/
COPY saga/ saga/
COPY test-support/ test-support/
COPY command-side/ command-side/
COPY query-side/ query-side/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl "${MODULE}" -am package -DskipTests -Dspring-javaformat.skip=true \
    && cp "${MODULE}/target/${MODULE}-"*.jar /src/app.jar

# Stage 2: a JRE, the jar, and an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app && useradd --system --gid app --home-dir /app app
WORKDIR /app
COPY --from=build --chown=app:app /src/app.jar app.jar
USER app
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
